package jp.jukihub.audit;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Plausible audit events for tests. */
final class AuditEvents {
  private AuditEvents() {}

  static AuditEvent lookup(int n) {
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
        answer);
  }
}
