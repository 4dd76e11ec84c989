package jp.jukihub.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many batches each body streams at once, shared by every API verticle: a batch holds a
 * connection, a slot of the audit trail for each line in flight and a share of the CPU for minutes,
 * so a body gets a few at a time, never all of the hub.
 */
public final class BatchLimits {
  private final int perBody;
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

  public BatchLimits(int perBody) {
    this.perBody = perBody;
  }

  /** Most batches one body streams at once. */
  public int perBody() {
    return perBody;
  }

  /** Starts a batch of {@code body}'s; false (starting nothing) when it already runs its share. */
  public boolean start(String body) {
    AtomicInteger count = running.computeIfAbsent(body, b -> new AtomicInteger());
    if (count.incrementAndGet() > perBody) {
      count.decrementAndGet();
      return false;
    }
    return true;
  }

  /** A batch {@link #start}ed for {@code body} has ended. */
  public void end(String body) {
    AtomicInteger count = running.get(body);
    if (count != null) {
      count.decrementAndGet();
    }
  }
}
