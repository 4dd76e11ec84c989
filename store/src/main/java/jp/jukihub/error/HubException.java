package jp.jukihub.error;

/**
 * The one exception type of the hub: a stable {@link ErrorCode} and a detail written for the
 * caller. The detail must never carry a My Number, resident code, name or address.
 */
public final class HubException extends RuntimeException {
  private final ErrorCode code;

  public HubException(ErrorCode code, String detail) {
    super(detail);
    this.code = code;
  }

  public HubException(ErrorCode code, String detail, Throwable cause) {
    super(detail, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The caller-facing explanation (RFC 9457 {@code detail}). */
  public String detail() {
    return getMessage();
  }
}
