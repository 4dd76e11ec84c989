package jp.jukihub.audit;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Plausible audit events for tests. */
final class AuditEvents {
  private AuditEvents() {}

  static AuditEvent lookup(int n) {
    return lookup(n, null);
  }

  /** Event n of {@link #lookup(int)}, as the record of an exchange with {@code counterpart}. */
  static AuditEvent lookup(int n, String counterpart) {
    byte[] request = new byte[32];
    byte[] answer = new byte[32];
    ThreadLocalRandom.current().nextBytes(request);
    ThreadLocalRandom.current().nextBytes(answer);
    return new AuditEvent(
        "req-" + n,
        "jps",
        "operator-" + (n % 7),
        "national_body",
        "identity.lookup",
        "t1-national-pension",
        "allow-national-lookup",
        1_000L + n,
        List.of("myNumber", "name", "birthDate"),
        "ok",
        200,
        850 + n % 100,
        request,
        answer,
        counterpart);
  }

  /** Event n, which every third time is an exchange with another body (it names a counterpart). */
  static AuditEvent mixed(int n) {
    return lookup(n, counterpartOf(n));
  }

  /** The counterpart of {@link #mixed} event n: a municipality every third time, else none. */
  static String counterpartOf(int n) {
    return n % 3 == 0 ? "lg-131016" : null;
  }

  /** The counterpart of the {@link #mixed} event with this request id. */
  static String counterpartOf(String requestId) {
    return counterpartOf(Integer.parseInt(requestId.substring("req-".length())));
  }
}
