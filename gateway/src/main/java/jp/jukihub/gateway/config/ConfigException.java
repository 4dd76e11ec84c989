package jp.jukihub.gateway.config;

/** A setting that cannot work; the message names the key and what it needs. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
