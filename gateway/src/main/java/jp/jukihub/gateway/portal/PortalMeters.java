package jp.jukihub.gateway.portal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.portal.NoticeLane;

/**
 * My Portal's meters: log-ins by outcome ({@code ok} or the refusal's code: never who), open
 * browser sessions, notices made, and the seconds since the notice lane last finished a pass.
 * Request rates and latencies come from the listener's request metrics like the API's.
 *
 * <p>The log-in series the dashboard and the alerts read ({@code ok} and the hub's own failures)
 * are there from the start at zero, so the first failure is an increase a rate sees, not a new
 * series.
 */
final class PortalMeters {
  /** A log-in's server-side outcomes (5xx): what alert JukiHubPortalFailing counts. */
  private static final List<ErrorCode> SERVER_FAILURES =
      List.of(ErrorCode.AUDIT_UNAVAILABLE, ErrorCode.STORE_UNAVAILABLE, ErrorCode.INTERNAL);

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Counter> logins = new ConcurrentHashMap<>();
  private final Counter notices;
  // Until the first pass, the lane's start: a lane that never finishes one ages from there.
  private volatile long lastPassMillis;

  PortalMeters(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.lastPassMillis = clock.millis();
    this.notices =
        Counter.builder("hub.portal.notices.created")
            .description("Notices (お知らせ) made for residents from new records and certificates")
            .register(registry);
    Gauge.builder("hub.portal.notices.pass.age", this, PortalMeters::secondsSinceLastPass)
        .description("Seconds since the notice lane last finished a pass (none yet: since start)")
        .baseUnit("seconds")
        .register(registry);
    loginCounter("ok");
    SERVER_FAILURES.forEach(code -> loginCounter(code.name()));
  }

  void sessions(PortalSessions sessions) {
    Gauge.builder("hub.portal.sessions", sessions, PortalSessions::count)
        .description("Browser sessions open on this node")
        .register(registry);
  }

  /** A log-in's outcome: {@code failure} null for one that succeeded. */
  void login(Throwable failure) {
    String outcome =
        failure instanceof HubException hub
            ? hub.code().name()
            : failure == null ? "ok" : "INTERNAL";
    loginCounter(outcome).increment();
  }

  /** A pass of the notice lane that finished, with what it created. */
  void noticePass(NoticeLane.Created created) {
    notices.increment(created.total());
    lastPassMillis = clock.millis();
  }

  private Counter loginCounter(String outcome) {
    return logins.computeIfAbsent(
        outcome,
        tag ->
            Counter.builder("hub.portal.logins")
                .description("Card log-ins to My Portal by outcome")
                .tag("outcome", tag)
                .register(registry));
  }

  private double secondsSinceLastPass() {
    return Math.max(0, clock.millis() - lastPassMillis) / 1000.0;
  }
}
