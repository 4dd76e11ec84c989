package jp.jukihub.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The queries {@link ProvisionExchange} sends, drawn one by one from a seeded generator: Chiyoda
 * asks Shibuya about a person both set up, and the answer that is right for it. Most are lawful and
 * answered with the copy (child allowance, 別表第二 第74項, local-tax income); mixed in, each checked for
 * its own answer: an item the provider holds no copy of, under an affair that allows it (child
 * care, 第116項, household: 404 {@code NO_COPY}); an item the affair does not list (household under
 * child allowance: 403 {@code EXCHANGE_NOT_PERMITTED}); a unified address number no token was
 * delivered under (404 {@code NO_TOKEN}).
 */
final class ProvisionDraw implements Iterator<Map<String, Object>> {
  static final String CHILD_ALLOWANCE = "x2-074-child-allowance";
  static final String CHILD_CARE = "x2-116-child-care";
  static final String TAX = "local-tax-income";
  static final String HOUSEHOLD = "household";

  enum Kind {
    ANSWERED,
    NO_COPY,
    NOT_PERMITTED,
    NO_TOKEN
  }

  /** The shares of the expected refusals, each of all queries. */
  record Shares(double noCopy, double notPermitted, double noToken) {
    Shares {
      if (noCopy < 0 || notPermitted < 0 || noToken < 0 || noCopy + notPermitted + noToken >= 1) {
        throw new IllegalArgumentException(
            "refusal shares must be at least 0 and leave room for answered queries");
      }
    }

    List<Weighted<Kind>> weights() {
      return List.of(
          new Weighted<>(1 - noCopy - notPermitted - noToken, Kind.ANSWERED),
          new Weighted<>(noCopy, Kind.NO_COPY),
          new Weighted<>(notPermitted, Kind.NOT_PERMITTED),
          new Weighted<>(noToken, Kind.NO_TOKEN));
    }
  }

  /**
   * A query and what it must be answered with; {@code expectedCode} is empty for 200, and {@code
   * expectedIncome} is the copy's taxable income (0 unless answered).
   */
  record Query(
      Kind kind,
      String affair,
      String item,
      String address,
      int expectedStatus,
      String expectedCode,
      long expectedIncome) {
    String name() {
      return switch (kind) {
        case ANSWERED -> "query answered with the copy (200)";
        case NO_COPY -> "no copy of the item (404 NO_COPY)";
        case NOT_PERMITTED -> "item the affair does not list (403)";
        case NO_TOKEN -> "unknown address number (404 NO_TOKEN)";
      };
    }

    String body() {
      return new JsonObject()
          .put("affair", affair)
          .put("item", item)
          .put("provider", ProvisionPeople.PROVIDER)
          .put("unifiedAddressNumber", address)
          .encode();
    }

    Map<String, Object> session() {
      return Map.of(
          "requestName",
          name(),
          "affair",
          affair,
          "item",
          item,
          "query",
          body(),
          "expectedStatus",
          expectedStatus,
          "expectedCode",
          expectedCode,
          "expectedIncome",
          expectedIncome);
    }
  }

  private final ProvisionPeople people;
  private final List<Weighted<Kind>> kinds;
  private final RandomGenerator random;
  private List<ProvisionPeople.Person> ready;
  private int unknown;

  /** Draws among {@code people}'s persons that were set up, once the first query is drawn. */
  ProvisionDraw(ProvisionPeople people, Shares shares, RandomGenerator random) {
    this.people = people;
    this.kinds = shares.weights();
    this.random = random;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  /** Gatling's feeder: the next query as session attributes. */
  @Override
  public synchronized Map<String, Object> next() {
    return draw().session();
  }

  synchronized Query draw() {
    if (ready == null) {
      // The queries start once every set-up has ended: from here on, the same persons.
      ready = people.ready();
      if (ready.isEmpty()) {
        throw new IllegalStateException("no person was set up: see the set-up's failed requests");
      }
    }
    Kind kind = Weighted.draw(kinds, random);
    ProvisionPeople.Person person = ready.get(random.nextInt(ready.size()));
    return switch (kind) {
      case ANSWERED ->
          new Query(
              kind,
              CHILD_ALLOWANCE,
              TAX,
              person.requesterAddress(),
              200,
              "",
              person.taxableIncome());
      case NO_COPY ->
          new Query(kind, CHILD_CARE, HOUSEHOLD, person.requesterAddress(), 404, "NO_COPY", 0);
      case NOT_PERMITTED ->
          new Query(
              kind,
              CHILD_ALLOWANCE,
              HOUSEHOLD,
              person.requesterAddress(),
              403,
              "EXCHANGE_NOT_PERMITTED",
              0);
      case NO_TOKEN ->
          new Query(
              kind, CHILD_ALLOWANCE, TAX, people.unknownAddress(unknown++), 404, "NO_TOKEN", 0);
    };
  }
}
