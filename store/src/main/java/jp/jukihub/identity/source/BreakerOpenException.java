package jp.jukihub.identity.source;

/**
 * A read the national tier's breaker refused without asking it. One shared instance with no stack
 * trace: while the breaker is open it is thrown on every miss, and the fallback always catches it.
 */
final class BreakerOpenException extends RuntimeException {
  static final BreakerOpenException INSTANCE = new BreakerOpenException();

  private BreakerOpenException() {
    super("the national tier's breaker is open", null, false, false);
  }
}
