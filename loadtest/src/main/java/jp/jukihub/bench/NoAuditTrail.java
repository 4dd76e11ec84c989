package jp.jukihub.bench;

import io.vertx.core.Future;
import java.util.Optional;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditTrail;

/** Benchmark baseline only: a trail that records nothing, to show what the real one costs. */
final class NoAuditTrail implements AuditTrail {
  @Override
  public Future<Void> append(AuditEvent event) {
    return Future.succeededFuture();
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
