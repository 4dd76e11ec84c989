package jp.jukihub.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collector's pauses in this JVM (the hub's, when a benchmark runs it in process) while
 * it is open: how many, how long in all, the longest. What a tail latency owes the collector is
 * then said beside it, and how many of the slowest requests were in flight during a pause.
 * Concurrent cycles (G1's marking) stop no thread and are left out.
 */
final class GcPauses implements AutoCloseable {
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private int pauses;
  private long totalMillis;
  private long longestMillis;
  // Each pause as [start, end] on System.nanoTime()'s clock, to compare with requests' times.
  private final List<long[]> intervals = new ArrayList<>();
  // The collector reports its times in milliseconds of JVM uptime; this maps them onto nanoTime.
  private final long nanosAtUptimeZero;

  GcPauses() {
    long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    nanosAtUptimeZero = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(uptimeMillis);
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private synchronized void collected(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (info.getGcName().contains("Concurrent")) {
      return;
    }
    long millis = info.getGcInfo().getDuration();
    long start = nanosAtUptimeZero + TimeUnit.MILLISECONDS.toNanos(info.getGcInfo().getStartTime());
    // Millisecond times: widened by one at each end, so a pause is never missed by rounding.
    intervals.add(
        new long[] {
          start - TimeUnit.MILLISECONDS.toNanos(1),
          start + TimeUnit.MILLISECONDS.toNanos(millis + 1)
        });
    pauses++;
    totalMillis += millis;
    longestMillis = Math.max(longestMillis, millis);
  }

  /** "3 pauses, 41 ms in all (0.41% of 10 s), the longest 18 ms". */
  synchronized String describe(double seconds) {
    return String.format(
        "%d pauses, %d ms in all (%.2f%% of %.0f s), the longest %d ms",
        pauses, totalMillis, totalMillis / (seconds * 10), seconds, longestMillis);
  }

  /**
   * How many of these requests ({@code starts[i]} to {@code ends[i]}, nanoTime) were in flight
   * while the collector had the JVM stopped.
   */
  synchronized int inFlightDuringPause(long[] starts, long[] ends) {
    int during = 0;
    for (int i = 0; i < starts.length; i++) {
      for (long[] pause : intervals) {
        if (starts[i] < pause[1] && ends[i] > pause[0]) {
          during++;
          break;
        }
      }
    }
    return during;
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // never added: nothing to remove
      }
    }
  }
}
