package jp.jukihub.audit;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Where requests that touch personal information are recorded. The answer to such a request may
 * leave the hub only after {@link #append} has succeeded; a failed append means "do not answer".
 */
public interface AuditTrail extends AutoCloseable {
  /**
   * Records the event durably. Completes on the caller's Vert.x context once the record is
   * committed; fails with {@code AUDIT_UNAVAILABLE} when it cannot be, at once if the queue is full
   * or the store is known to be down.
   */
  Future<Void> append(AuditEvent event);

  /** Why the trail cannot record right now; empty while it can. */
  Optional<String> unavailable();

  /**
   * Why signed checkpoints are not reaching the witness file outside the database; empty while they
   * are, or when there is no witness. The trail keeps recording meanwhile.
   */
  default Optional<String> witnessProblem() {
    return Optional.empty();
  }

  /** Writes what is queued, signs a last checkpoint and stops. */
  @Override
  void close();
}
