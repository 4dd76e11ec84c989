package jp.jukihub.gateway.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import jp.jukihub.error.HubException;
import jp.jukihub.number.CorporateNumber;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hub check mynumber|corporate|lgcode VALUE...}: vets numbers, one line each. */
@Command(
    name = "check",
    description = {
      "Check My Numbers, corporate numbers or LgCodes: prints 'VALUE valid' or 'VALUE invalid: REASON'",
      "per value; exits 0 only if all are valid, 1 otherwise."
    })
final class CheckCommand implements Callable<Integer> {
  enum Kind {
    mynumber(MyNumber::of),
    corporate(CorporateNumber::of),
    lgcode(LgCode::of);

    private final Consumer<String> validator;

    Kind(Consumer<String> validator) {
      this.validator = validator;
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KIND", description = "mynumber, corporate or lgcode")
  Kind kind;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "VALUE", description = "values to check")
  List<String> values;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean allValid = true;
    for (String value : values) {
      try {
        kind.validator.accept(value);
        out.println(value + " valid");
      } catch (HubException e) {
        allValid = false;
        out.println(value + " invalid: " + e.detail());
      }
    }
    out.flush();
    return allValid ? 0 : 1;
  }
}
