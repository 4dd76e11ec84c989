package jp.jukihub.gateway.config;

import java.nio.file.Path;
import jp.jukihub.register.GoLive;

/**
 * The {@code register} section: the My Number go-live instant, the size of the resident-code
 * bundles J-LIS hands municipalities, and J-LIS's number key (created at first start).
 */
public record RegisterOptions(GoLive goLive, int codeBundleSize, Path numberKeyFile) {
  public RegisterOptions {
    if (codeBundleSize < 1 || codeBundleSize > 10_000) {
      throw new ConfigException("register.codeBundleSize must be 1-10000, got " + codeBundleSize);
    }
  }

  public RegisterOptions withGoLive(GoLive other) {
    return new RegisterOptions(other, codeBundleSize, numberKeyFile);
  }
}
