package jp.jukihub.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The post stage that always runs: when the answer has gone, whatever happened, time it as {@code
 * hub.requests} by service, route id ({@code unmatched} when no API route took it) and outcome.
 */
public final class RequestMetrics implements Handler<RoutingContext> {
  static final String SERVICE = "jukihub.service";
  static final String ROUTE = "jukihub.route";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  public RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext routing) {
    long started = System.nanoTime();
    routing.addEndHandler(
        ended -> {
          String service = routing.get(SERVICE, "none");
          String route = routing.get(ROUTE, "unmatched");
          String outcome = outcome(routing.response().getStatusCode());
          timer(service, route, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        });
    routing.next();
  }

  /**
   * Names the service and route a request is counted under, for handlers outside {@link ApiRoutes}
   * (My Portal's log-in); a route declared later on the same request renames it.
   */
  public static void tag(RoutingContext routing, String service, String route) {
    routing.put(SERVICE, service);
    routing.put(ROUTE, route);
  }

  static String outcome(int status) {
    if (status >= 500) {
      return "server_error";
    }
    if (status >= 400) {
      return "client_error";
    }
    return "success";
  }

  private Timer timer(String service, String route, String outcome) {
    return timers.computeIfAbsent(
        service + '|' + route + '|' + outcome,
        key ->
            Timer.builder("hub.requests")
                .description("Requests answered by the hub's API, by service, route and outcome")
                .tags("service", service, "route", route, "outcome", outcome)
                .publishPercentileHistogram()
                .register(registry));
  }
}
