package jp.jukihub.loadtest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The lookups {@link LookupMix} sends, drawn one by one from a seeded generator: who asks, for
 * which affair, about whom, and the answer that is right for it.
 *
 * <p>Callers in the ratio of the seeds' figures (seed 004): about 580 million lookups a year by
 * national bodies against 8.6 million by local governments, so 98.5% national. Among the national
 * bodies the pension service dominates (pension records and the yearly current-status checks of
 * about 40 million pensioners), the tax agency next. Local governments: Chiyoda (a municipality,
 * table 2 and 4 affairs about other municipalities' residents) and Tokyo (a prefecture, table 5
 * about its own residents). A share of requests is expected to fail: numbers nobody holds (404, by
 * national bodies: a local government is told 403 out-of-scope instead), malformed numbers (400)
 * and affairs the law table does not give the caller (403 {@code AFFAIR_NOT_PERMITTED}).
 */
final class LookupDraw implements Iterator<Map<String, Object>> {
  /** Shares of the well-formed, permitted lookups of existing residents, by caller and affair. */
  static final List<Weighted<Ask>> VALID =
      List.of(
          new Weighted<>(0.800 * 0.50, new Ask("jps", "t1-national-pension", Subject.ANYONE)),
          new Weighted<>(0.800 * 0.35, new Ask("jps", "t1-welfare-pension", Subject.ANYONE)),
          new Weighted<>(0.800 * 0.15, new Ask("jps", "t1-pension-status", Subject.ANYONE)),
          new Weighted<>(0.185, new Ask("nta", "t1-national-tax", Subject.ANYONE)),
          new Weighted<>(0.010 * 0.6, new Ask("lg-131016", "t2-vaccination", Subject.NOT_CHIYODA)),
          new Weighted<>(
              0.010 * 0.4, new Ask("lg-131016", "t4-child-allowance", Subject.NOT_CHIYODA)),
          new Weighted<>(0.005, new Ask("pref-13", "t5-local-tax", Subject.TOKYO)));

  /** An affair each caller may not use, for the denied share. */
  static final Map<String, String> DENIED_AFFAIR =
      Map.of(
          "jps",
          "t1-national-tax",
          "nta",
          "t1-national-pension",
          "lg-131016",
          "t1-national-tax",
          "pref-13",
          "t1-national-pension");

  enum Subject {
    ANYONE,
    NOT_CHIYODA,
    TOKYO
  }

  record Ask(String body, String affair, Subject subject) {}

  /** The national bodies' shares alone: the callers of the unknown and malformed numbers. */
  static final List<Weighted<Ask>> NATIONAL =
      VALID.stream().filter(w -> isNational(w.value().body())).toList();

  /**
   * The request and what it must be answered with; {@code expectedCode} is empty unless checked.
   */
  record Lookup(
      String name,
      String body,
      String affair,
      String myNumber,
      int expectedStatus,
      String expectedCode) {
    Map<String, Object> session() {
      return Map.of(
          "requestName",
          name,
          "body",
          body,
          "affair",
          affair,
          "myNumber",
          myNumber,
          "expectedStatus",
          expectedStatus,
          "expectedCode",
          expectedCode);
    }
  }

  /** The shares of the expected failures, each of all requests. */
  record Failures(double unknown, double malformed, double denied) {
    Failures {
      if (unknown < 0 || malformed < 0 || denied < 0 || unknown + malformed + denied >= 1) {
        throw new IllegalArgumentException(
            "failure shares must be at least 0 and leave room for valid lookups");
      }
    }
  }

  private final Residents anyone;
  private final Residents notChiyoda;
  private final Residents tokyo;
  private final Failures failures;
  private final RandomGenerator random;

  LookupDraw(Residents residents, Failures failures, RandomGenerator random) {
    this.anyone = residents;
    this.notChiyoda = residents.only(r -> !r.lgCode().equals("131016"), "resident outside Chiyoda");
    this.tokyo = residents.only(r -> r.prefecture().equals("13"), "Tokyo resident");
    this.failures = failures;
    this.random = random;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  /** Gatling's feeder: the next lookup as session attributes. */
  @Override
  public synchronized Map<String, Object> next() {
    return draw().session();
  }

  Lookup draw() {
    double r = random.nextDouble();
    if (r < failures.unknown()) {
      Ask ask = pick(true);
      return new Lookup(
          "unknown number (404)",
          ask.body(),
          ask.affair(),
          MyNumbers.unknown(random),
          404,
          "NOT_FOUND");
    }
    r -= failures.unknown();
    if (r < failures.malformed()) {
      Ask ask = pick(true);
      return new Lookup(
          "malformed number (400)",
          ask.body(),
          ask.affair(),
          MyNumbers.malformed(random),
          400,
          "INVALID_MY_NUMBER");
    }
    r -= failures.malformed();
    if (r < failures.denied()) {
      Ask ask = pick(false);
      return new Lookup(
          "affair not permitted (403)",
          ask.body(),
          DENIED_AFFAIR.get(ask.body()),
          subject(ask.subject()),
          403,
          "AFFAIR_NOT_PERMITTED");
    }
    Ask ask = pick(false);
    return new Lookup(
        ask.body() + " " + ask.affair(), ask.body(), ask.affair(), subject(ask.subject()), 200, "");
  }

  private Ask pick(boolean nationalOnly) {
    return Weighted.draw(nationalOnly ? NATIONAL : VALID, random);
  }

  private String subject(Subject subject) {
    Residents from =
        switch (subject) {
          case ANYONE -> anyone;
          case NOT_CHIYODA -> notChiyoda;
          case TOKYO -> tokyo;
        };
    return from.get(random.nextInt(from.size())).myNumber();
  }

  static boolean isNational(String body) {
    return !body.startsWith("lg-") && !body.startsWith("pref-");
  }
}
