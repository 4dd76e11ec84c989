package jp.jukihub.gateway.jpki;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import jp.jukihub.gateway.jpki.RelyingParties.RelyingParty;
import jp.jukihub.jpki.UsageLedger;

/**
 * Meters relying parties' checks for J-LIS's fees: a counter per party, check and certificate type
 * ({@code hub.jpki.checks}), and monthly counts kept in the usage ledger. A check only bumps
 * in-memory adders; {@link #flush} moves them to the ledger every few seconds. Months are Japan's:
 * a check belongs to the month it was made in, even when it is flushed after midnight.
 */
public final class CheckMeter {
  /** What was checked. */
  public enum Check {
    OCSP("ocsp"),
    CRL("crl"),
    VERIFY("verify");

    private final String label;

    Check(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final JpkiAuthority.Type[] TYPES = JpkiAuthority.Type.values();
  private static final Check[] CHECKS = Check.values();
  private static final int SLOTS = CHECKS.length * TYPES.length;

  /**
   * One party's meters; pending counts in two halves by month parity, so that the checks of the
   * month just ended are still told apart from this month's while they wait for a flush.
   */
  private final class PartyMeter {
    final RelyingParty party;
    final Counter[] counters = new Counter[SLOTS];
    final LongAdder[][] pending = new LongAdder[2][SLOTS];

    PartyMeter(RelyingParty party) {
      this.party = party;
      for (Check check : CHECKS) {
        for (JpkiAuthority.Type type : TYPES) {
          int slot = slot(check, type);
          counters[slot] =
              Counter.builder("hub.jpki.checks")
                  .description(
                      "Certificate checks by relying party (corporate number), check and certificate type")
                  .tag("verifier", party.corporateNumber().value())
                  .tag("check", check.label())
                  .tag("certificate", type.label())
                  .register(registry);
          pending[0][slot] = new LongAdder();
          pending[1][slot] = new LongAdder();
        }
      }
    }
  }

  private final Map<String, PartyMeter> parties = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final UsageLedger ledger;
  private final Clock clock;

  /** The current month as an index (year * 12 + month), and when it ends. */
  private volatile int month;

  private volatile long monthEndsMillis;

  public CheckMeter(MeterRegistry registry, UsageLedger ledger, Clock clock) {
    this.registry = registry;
    this.ledger = ledger;
    this.clock = clock;
    turnMonth(clock.millis());
  }

  /** Counts one check; on the event loop, no I/O. */
  public void count(RelyingParty party, Check check, JpkiAuthority.Type type) {
    long now = clock.millis();
    if (now >= monthEndsMillis) {
      turnMonth(now);
    }
    PartyMeter meter = parties.get(party.corporateNumber().value());
    if (meter == null) {
      meter = parties.computeIfAbsent(party.corporateNumber().value(), n -> new PartyMeter(party));
    }
    int slot = slot(check, type);
    meter.counters[slot].increment();
    meter.pending[month & 1][slot].increment();
  }

  /**
   * Adds the counts taken since the last flush to the ledger. If the ledger refuses, they are put
   * back and go with the next flush: a fee count is never dropped.
   */
  public Future<Void> flush() {
    // A half's parity says which of this month and the one before it holds. A flush that overlaps
    // the very instant the month turns may bill the checks of that instant to the month before;
    // none is lost.
    int current = month;
    List<UsageLedger.Count> counts = new ArrayList<>();
    List<Runnable> putBack = new ArrayList<>();
    for (PartyMeter meter : parties.values()) {
      for (int monthIndex : new int[] {current, current - 1}) {
        LongAdder[] half = meter.pending[monthIndex & 1];
        for (Check check : CHECKS) {
          for (JpkiAuthority.Type type : TYPES) {
            LongAdder adder = half[slot(check, type)];
            long checks = adder.sumThenReset();
            if (checks > 0) {
              counts.add(
                  new UsageLedger.Count(
                      meter.party.corporateNumber().value(),
                      firstDay(monthIndex),
                      check.label(),
                      type.label(),
                      checks));
              putBack.add(() -> adder.add(checks));
            }
          }
        }
      }
    }
    return ledger.add(counts).onFailure(failure -> putBack.forEach(Runnable::run));
  }

  private synchronized void turnMonth(long nowMillis) {
    ZonedDateTime now = Instant.ofEpochMilli(nowMillis).atZone(JAPAN);
    int index = now.getYear() * 12 + now.getMonthValue() - 1;
    if (index != month || monthEndsMillis == 0) {
      // The half this month reuses held the month before last: flushed long since.
      month = index;
      monthEndsMillis =
          now.toLocalDate()
              .withDayOfMonth(1)
              .plusMonths(1)
              .atStartOfDay(JAPAN)
              .toInstant()
              .toEpochMilli();
    }
  }

  private static LocalDate firstDay(int monthIndex) {
    return LocalDate.of(monthIndex / 12, monthIndex % 12 + 1, 1);
  }

  private static int slot(Check check, JpkiAuthority.Type type) {
    return check.ordinal() * TYPES.length + type.ordinal();
  }
}
