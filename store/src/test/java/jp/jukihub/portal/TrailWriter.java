package jp.jukihub.portal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditSettings;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.DurableAuditTrail;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.testing.MutableClock;

/**
 * Writes audit records through the real trail at the times a test names: the trail dates each
 * record by its clock, which the writer sets before each batch of events.
 */
final class TrailWriter implements AutoCloseable {
  private static final AuditSigningKey KEY = AuditSigningKey.of(new byte[32]);

  private final MutableClock clock;
  private final DurableAuditTrail trail;

  TrailWriter(DatabaseTarget database, String chain, Instant start) {
    this.clock = new MutableClock(start);
    this.trail =
        DurableAuditTrail.start(
            database,
            new AuditSettings(chain, 4_096, 100, 2, 100, 60_000, 5_000, 100),
            KEY,
            clock,
            new SimpleMeterRegistry());
  }

  /** Appends the events, in order, all dated {@code at}, and waits until they are durable. */
  void at(Instant at, AuditEvent... events) throws Exception {
    clock.set(at);
    List<Future<Void>> appended = new ArrayList<>();
    for (AuditEvent event : events) {
      appended.add(trail.append(event));
    }
    for (Future<Void> future : appended) {
      PortalFixtures.await(future);
    }
  }

  @Override
  public void close() {
    trail.close();
  }
}
