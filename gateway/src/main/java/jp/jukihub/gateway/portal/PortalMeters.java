package jp.jukihub.gateway.portal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.error.HubException;

/**
 * My Portal's meters: log-ins by outcome ({@code ok} or the refusal's code: never who), open
 * browser sessions, and notices made. Request rates and latencies come from the listener's request
 * metrics like the API's.
 */
final class PortalMeters {
  private final MeterRegistry registry;
  private final Map<String, Counter> logins = new ConcurrentHashMap<>();
  private final Counter notices;

  PortalMeters(MeterRegistry registry) {
    this.registry = registry;
    this.notices =
        Counter.builder("hub.portal.notices.created")
            .description("Notices (お知らせ) made for residents from new records and certificates")
            .register(registry);
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
    logins
        .computeIfAbsent(
            outcome,
            tag ->
                Counter.builder("hub.portal.logins")
                    .description("Card log-ins to My Portal by outcome")
                    .tag("outcome", tag)
                    .register(registry))
        .increment();
  }

  void noticesCreated(int count) {
    notices.increment(count);
  }
}
