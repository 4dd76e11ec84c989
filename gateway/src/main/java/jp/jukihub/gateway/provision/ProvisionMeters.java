package jp.jukihub.gateway.provision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The exchange's counters: {@code hub.provision.queries} by {@code item} and {@code outcome} (ok or
 * the problem code), {@code hub.provision.tokens} by {@code source} ({@code request}; the
 * register's lane counts {@code register}) and {@code outcome} (acquired, refused, failed), {@code
 * hub.provision.copies} by {@code item} and {@code action}. Items are the data standard's few ids;
 * anything else a caller names counts as {@code other}, so no caller's words become a tag.
 */
final class ProvisionMeters {
  private final MeterRegistry registry;
  private final Set<String> items;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  ProvisionMeters(MeterRegistry registry, Set<String> items) {
    this.registry = registry;
    this.items = Set.copyOf(items);
    for (String item : items) {
      query(item, null);
    }
  }

  void query(String item, Throwable failure) {
    counter("hub.provision.queries", "item", item(item), "outcome", outcome(failure)).increment();
  }

  /** As the register's lane counts: acquired (new or again), refused (4xx), failed. */
  void token(Throwable failure) {
    String outcome =
        failure == null
            ? "acquired"
            : failure instanceof HubException hub
                    && hub.code().category() != ErrorCode.Category.UNAVAILABLE
                    && hub.code().category() != ErrorCode.Category.INTERNAL
                ? "refused"
                : "failed";
    counter("hub.provision.tokens", "source", "request", "outcome", outcome).increment();
  }

  void copy(String item, String action) {
    counter("hub.provision.copies", "item", item(item), "action", action).increment();
  }

  private String item(String item) {
    return items.contains(item) ? item : "other";
  }

  private static String outcome(Throwable failure) {
    if (failure == null) {
      return "ok";
    }
    return failure instanceof HubException hub ? hub.code().name() : ErrorCode.INTERNAL.name();
  }

  private Counter counter(String name, String key, String value, String key2, String value2) {
    return counters.computeIfAbsent(
        name + '|' + value + '|' + value2,
        ignored ->
            Counter.builder(name)
                .description(description(name))
                .tag(key, value)
                .tag(key2, value2)
                .register(registry));
  }

  private static String description(String name) {
    return switch (name) {
      case "hub.provision.queries" -> "queries between bodies, by item and outcome";
      // The register's lane registers the same meter: one description for both.
      case "hub.provision.tokens" ->
          "token acquisitions: acquired (new), repeated (already there), refused by the network,"
              + " failed (an attempt that will be retried)";
      default -> "copies registered and withdrawn on the intermediate servers, by item";
    };
  }
}
