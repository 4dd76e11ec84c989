package jp.jukihub.provision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The register token lane's meters: {@code hub.provision.tokens} tagged {@code source=register} and
 * an {@code outcome} (acquired, repeated, refused, failed), and how long a request waited.
 */
final class RegisterTokenMeters {
  private static final String SOURCE = "register";

  private final Counter acquired;
  private final Counter repeated;
  private final Counter refused;
  private final Counter failed;
  private final Timer lag;

  RegisterTokenMeters(MeterRegistry registry) {
    acquired = tokens(registry, "acquired");
    repeated = tokens(registry, "repeated");
    refused = tokens(registry, "refused");
    failed = tokens(registry, "failed");
    lag =
        Timer.builder("hub.provision.token.lag")
            .description("time from a register write's commit to its token's delivery")
            .tag("source", SOURCE)
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  private static Counter tokens(MeterRegistry registry, String outcome) {
    return Counter.builder("hub.provision.tokens")
        .description(
            "token acquisitions: acquired (new), repeated (already there), refused by the network,"
                + " failed (an attempt that will be retried)")
        .tag("source", SOURCE)
        .tag("outcome", outcome)
        .register(registry);
  }

  /** A batch's outcomes, counted once its transaction has committed. */
  Batch batch() {
    return new Batch();
  }

  void failed() {
    failed.increment();
  }

  final class Batch {
    private final List<Duration> waits = new ArrayList<>();
    private int fresh;
    private int refusals;

    void delivered(boolean isNew, Duration waited) {
      fresh += isNew ? 1 : 0;
      waits.add(waited);
    }

    void refused() {
      refusals++;
    }

    void committed() {
      acquired.increment(fresh);
      repeated.increment(waits.size() - fresh);
      refused.increment(refusals);
      // The request's time is the database's, the delivery's the hub's: skewed clocks can make
      // a wait look negative, which says nothing.
      waits.stream().filter(wait -> !wait.isNegative()).forEach(lag::record);
    }
  }
}
