package jp.jukihub.gateway.limits;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections a listener holds, per caller (a body, or a remote address) and in all,
 * shared by every verticle of the listener. A connection past either cap is not admitted: its
 * caller's other connections, and every other caller's, go on.
 */
public final class ConnectionLimits {
  private final int perCaller;
  private final int total;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, AtomicInteger> byCaller = new ConcurrentHashMap<>();

  public ConnectionLimits(int perCaller, int total, MeterRegistry registry, String listener) {
    this.perCaller = perCaller;
    this.total = total;
    Gauge.builder("hub.connections.open", open::get)
        .description("connections open on the listener")
        .tag("listener", listener)
        .register(registry);
  }

  /** Counts a new connection of {@code caller}'s; false (counting nothing) when past a cap. */
  public boolean admit(String caller) {
    if (open.incrementAndGet() > total) {
      open.decrementAndGet();
      return false;
    }
    AtomicInteger mine = byCaller.computeIfAbsent(caller, c -> new AtomicInteger());
    if (mine.incrementAndGet() > perCaller) {
      mine.decrementAndGet();
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  /** An admitted connection of {@code caller}'s has closed. */
  public void release(String caller) {
    open.decrementAndGet();
    // The entry stays: a caller that comes back would only make it again.
    AtomicInteger mine = byCaller.get(caller);
    if (mine != null) {
      mine.decrementAndGet();
    }
  }
}
