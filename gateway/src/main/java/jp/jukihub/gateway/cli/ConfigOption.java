package jp.jukihub.gateway.cli;

import java.nio.file.Path;
import jp.jukihub.gateway.config.HubConfigLoader;
import jp.jukihub.gateway.config.HubOptions;
import picocli.CommandLine.Option;

/** {@code --config FILE} for every command that needs the hub's settings. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML settings file (default: $JUKIHUB_CONFIG, else built-in defaults)")
  Path file;

  HubOptions load() {
    Path chosen = file;
    if (chosen == null && System.getenv("JUKIHUB_CONFIG") != null) {
      chosen = Path.of(System.getenv("JUKIHUB_CONFIG"));
    }
    return HubConfigLoader.load(chosen, System.getenv());
  }
}
