package jp.jukihub.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./hub} is how people reach the Java commands: every one of them must be handed over by the
 * script and listed in its usage (a command added in Java alone is unreachable from {@code ./hub}).
 */
class HubScriptTest {
  // The script's case arm that hands a command line to the Java side.
  private static final Pattern HANDED_OVER =
      Pattern.compile("^\\s*(demo \\|[a-z |-]+)\\)\\s*$", Pattern.MULTILINE);

  @Test
  void should_hand_every_java_command_over_and_list_it_in_the_usage() throws Exception {
    String script = Files.readString(repository().resolve("hub"));
    Matcher arm = HANDED_OVER.matcher(script);
    assertThat(arm.find()).as("the script's case arm for the Java commands").isTrue();
    List<String> handed = Arrays.stream(arm.group(1).split("\\|")).map(String::strip).toList();
    List<String> commands =
        new CommandLine(new HubCommand())
            .getSubcommands().keySet().stream().filter(name -> !name.equals("help")).toList();
    List<String> expected = commands;
    assertThat(handed).containsAll(expected);
    for (String command : expected) {
      assertThat(script)
          .as("./hub's usage lists %s", command)
          .containsPattern("\n  " + command + "[ \\n]");
    }
  }

  /** Maven runs the tests in the module's directory; the repository root is its parent. */
  private static Path repository() {
    Path module = Path.of("").toAbsolutePath();
    return Files.exists(module.resolve("hub")) ? module : module.getParent();
  }
}
