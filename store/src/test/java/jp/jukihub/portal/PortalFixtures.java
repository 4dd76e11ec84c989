package jp.jukihub.portal;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.provision.NetworkKey;

/** Events, keys and waiting for the portal's tests. */
final class PortalFixtures {
  static final NetworkKey NETWORK = new NetworkKey(new byte[NetworkKey.KEY_BYTES]);
  private static final byte[] HASH = new byte[AuditEvent.HASH_BYTES];

  private PortalFixtures() {}

  /** A resident as the trail knows them: person id, network link and pseudonymous subject. */
  record Person(long personId, byte[] link, long recordSubject) {
    static Person of(long personId) {
      byte[] link = NETWORK.link(ResidentCode.fromBase(personId));
      return new Person(personId, link, NETWORK.recordSubject(link));
    }

    List<Long> subjects() {
      return List.of(personId, recordSubject);
    }
  }

  static AuditEvent event(
      String requestId,
      String body,
      String route,
      Long subject,
      String outcome,
      List<String> fields,
      String counterpart) {
    return new AuditEvent(
        requestId,
        body,
        null,
        body.startsWith("lg-") ? "municipality" : "national_body",
        route,
        "t2-test-affair",
        "allow-test",
        subject,
        fields,
        outcome,
        "ok".equals(outcome) ? 200 : 404,
        900,
        HASH,
        HASH,
        counterpart);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static Throwable failureOf(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
