package jp.jukihub.error;

/**
 * Every failure the hub can report, with a stable code that clients may depend on.
 *
 * <p>Append only: a code, once published, is never renamed, reused or removed. The gateway maps
 * each {@link Category} to an HTTP status in exactly one place; the store knows nothing of HTTP.
 */
public enum ErrorCode {
  INVALID_REQUEST(Category.BAD_INPUT, "The request is malformed"),
  INVALID_MY_NUMBER(Category.BAD_INPUT, "Invalid My Number"),
  INVALID_CORPORATE_NUMBER(Category.BAD_INPUT, "Invalid corporate number"),
  INVALID_LG_CODE(Category.BAD_INPUT, "Invalid local government code"),
  INVALID_RESIDENT_CODE(Category.BAD_INPUT, "Invalid resident code"),
  INVALID_PERSON(Category.BAD_INPUT, "Invalid personal details"),
  UNAUTHENTICATED(Category.UNAUTHENTICATED, "The calling body is not known"),
  NOT_FOUND(Category.NOT_FOUND, "Not found"),
  METHOD_NOT_ALLOWED(Category.METHOD_NOT_ALLOWED, "Method not allowed"),
  STORE_UNAVAILABLE(Category.UNAVAILABLE, "The resident store is unavailable"),
  INTERNAL(Category.INTERNAL, "Internal error"),
  AUDIT_UNAVAILABLE(Category.UNAVAILABLE, "The audit trail cannot record the request"),
  NOT_PERMITTED(Category.FORBIDDEN, "The calling body may not use this resource"),
  RESIDENT_NOT_FOUND(Category.NOT_FOUND, "No record of this resident in this municipality"),
  RECORD_CLOSED(Category.CONFLICT, "The resident record is closed"),
  CERTIFICATE_INVALID(
      Category.UNPROCESSABLE, "The move-out certificate cannot be used for this move-in"),
  IDEMPOTENCY_KEY_REUSED(
      Category.UNPROCESSABLE, "The idempotency key was used for a different request"),
  HOUSEHOLD_NOT_FOUND(Category.UNPROCESSABLE, "The household head is not a current resident here"),
  UNKNOWN_MUNICIPALITY(Category.NOT_FOUND, "No such municipality"),
  FIREWALL_DENIED(Category.FORBIDDEN, "A firewall rule denies this request"),
  AFFAIR_NOT_PERMITTED(Category.FORBIDDEN, "The law table gives the calling body no such affair"),
  OUT_OF_SCOPE(Category.FORBIDDEN, "The subject is outside the affair's scope"),
  RATE_LIMITED(Category.RATE_LIMITED, "The calling body sends more requests than its rate allows"),
  BATCH_TOO_LARGE(
      Category.BAD_INPUT, "The batch holds more lookups, or longer lines, than allowed"),
  INVALID_PIN(Category.BAD_INPUT, "A card PIN does not follow its rules"),
  INVALID_CERTIFICATE(Category.BAD_INPUT, "The certificate cannot be read"),
  CERTIFICATE_NOT_FOUND(Category.NOT_FOUND, "This municipality issued no such certificate"),
  CERTIFICATE_REVOKED(Category.CONFLICT, "The certificate is already revoked"),
  CARD_APPLICANT_CHANGED(
      Category.CONFLICT, "The resident's record changed while the card was issued"),
  EXCHANGE_NOT_PERMITTED(
      Category.FORBIDDEN, "The table of lawful exchanges lists no such exchange for the caller"),
  COPY_NOT_STANDARD(Category.BAD_INPUT, "The copy does not follow the data standard"),
  NO_COPY(Category.NOT_FOUND, "The provider holds no copy of this item for the person"),
  NO_TOKEN(Category.NOT_FOUND, "No token links the person at one side of the exchange"),
  ACQUISITION_NUMBER_REUSED(
      Category.CONFLICT, "The acquisition number was used for another person"),
  ADDRESS_NUMBER_TAKEN(
      Category.CONFLICT, "The unified address number holds another person's token"),
  NOT_LOGGED_IN(Category.UNAUTHENTICATED, "Log in to My Portal with your My Number card"),
  CARD_NOT_RECOGNISED(
      Category.FORBIDDEN,
      "The certificate is not a My Number card's user-authentication certificate"),
  CARD_REVOKED(Category.FORBIDDEN, "The card's certificate has been revoked"),
  CARD_EXPIRED(Category.FORBIDDEN, "The card's certificate has expired"),
  SIGNATURE_INVALID(Category.FORBIDDEN, "The card's signature does not match the challenge"),
  CHALLENGE_EXPIRED(Category.NOT_FOUND, "The log-in challenge is unknown or has expired"),
  NOT_FROM_PORTAL(Category.FORBIDDEN, "The request did not come from My Portal's own page"),
  REQUEST_TIMEOUT(Category.TIMEOUT, "The request did not arrive in time"),
  TOO_MANY_BATCHES(
      Category.RATE_LIMITED, "The calling body already streams as many batches as it may"),
  AUDIT_SHARE_EXCEEDED(
      Category.RATE_LIMITED,
      "The calling body has as many records waiting for the audit trail as its share"),
  CA_RENEWAL_NEEDED(
      Category.UNAVAILABLE, "The JPKI CA ends before the certificate would: it must be renewed"),
  PAYLOAD_TOO_LARGE(Category.TOO_LARGE, "The request's body is larger than this resource takes"),
  UNSUPPORTED_MEDIA_TYPE(
      Category.UNSUPPORTED_MEDIA_TYPE, "The request's body is not of a type this resource takes"),
  URI_TOO_LONG(Category.URI_TOO_LONG, "The request's path and query are too long"),
  HEADERS_TOO_LARGE(Category.HEADERS_TOO_LARGE, "The request's headers are too large"),
  EXPECTATION_FAILED(Category.EXPECTATION_FAILED, "The hub meets no expectation but 100-continue"),
  // 400, not HTTP's 505: a client's mistake must not count among the server's errors.
  UNSUPPORTED_HTTP_VERSION(Category.BAD_INPUT, "The hub speaks HTTP/1.1 and HTTP/1.0 only");

  /** What kind of failure a code is; the gateway turns it into a status. */
  public enum Category {
    BAD_INPUT,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    CONFLICT,
    UNPROCESSABLE,
    RATE_LIMITED,
    UNAVAILABLE,
    /** The request (its head or its body) did not arrive before its deadline. */
    TIMEOUT,
    /** Refusals of the request's shape, each with the status HTTP names for it. */
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    URI_TOO_LONG,
    HEADERS_TOO_LARGE,
    EXPECTATION_FAILED,
    INTERNAL
  }

  private final Category category;
  private final String title;

  ErrorCode(Category category, String title) {
    this.category = category;
    this.title = title;
  }

  public Category category() {
    return category;
  }

  /** A short, fixed summary of the problem type (RFC 9457 {@code title}). */
  public String title() {
    return title;
  }
}
