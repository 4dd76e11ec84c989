package jp.jukihub.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The persons a {@link ProvisionExchange} run sets up: the first of the feeder's residents (each
 * once), for whom both municipalities acquire their tokens and the provider registers a copy. The
 * run's numbers carry a tag of its own, so a run never takes another's unified address or
 * acquisition numbers (a person set up again moves to the new run's numbers). Only the persons
 * whose whole set-up was answered as it should be are asked about.
 */
final class ProvisionPeople {
  static final String REQUESTER = "lg-131016";
  static final String PROVIDER = "lg-131130";

  /** One person and the numbers each side gives them in this run. */
  record Person(
      int index,
      String myNumber,
      String requesterAcquisition,
      String requesterAddress,
      String providerAcquisition,
      String providerAddress) {
    /** Their local-tax income in the provider's copy: it varies, so answers differ by person. */
    long taxableIncome() {
      return 2_000_000 + (index * 7_919L) % 8_000_000;
    }

    /** The provider's copy, following the data standard's local-tax-income. */
    String copy() {
      long income = taxableIncome();
      return new JsonObject()
          .put("fiscalYear", 2025)
          .put("taxableIncome", income)
          .put("municipalTax", income * 6 / 100)
          .put("prefecturalTax", income * 4 / 100)
          .put("incomeCategory", "01")
          .put("taxStatus", "1")
          .encode();
    }

    Map<String, Object> setUp() {
      return Map.of(
          "person",
          index,
          "myNumber",
          myNumber,
          "requesterAcquisition",
          requesterAcquisition,
          "requesterAddress",
          requesterAddress,
          "requesterToken",
          token(requesterAcquisition, requesterAddress),
          "providerAcquisition",
          providerAcquisition,
          "providerAddress",
          providerAddress,
          "providerToken",
          token(providerAcquisition, providerAddress),
          "copy",
          copy());
    }

    private String token(String acquisition, String address) {
      return new JsonObject()
          .put("acquisitionNumber", acquisition)
          .put("myNumber", myNumber)
          .put("unifiedAddressNumber", address)
          .encode();
    }
  }

  private final List<Person> persons;
  private final String tag;
  private final Set<Integer> ready = ConcurrentHashMap.newKeySet();

  private ProvisionPeople(List<Person> persons, String tag) {
    this.persons = List.copyOf(persons);
    this.tag = tag;
  }

  /**
   * The first {@code count} distinct residents of the feeder (fewer if it holds fewer), numbered
   * under {@code tag} (1-8 letters and digits).
   */
  static ProvisionPeople of(Residents residents, int count, String tag) {
    if (!tag.matches("[A-Za-z0-9]{1,8}") || count < 1 || count > 99_999) {
      throw new IllegalArgumentException("a tag of 1-8 letters and digits and 1-99,999 persons");
    }
    Set<String> numbers = new LinkedHashSet<>();
    for (int i = 0; i < residents.size() && numbers.size() < count; i++) {
      numbers.add(residents.get(i).myNumber());
    }
    List<Person> persons = new ArrayList<>();
    for (String number : numbers) {
      int i = persons.size();
      persons.add(
          new Person(
              i,
              number,
              String.format("A%s-%05d", tag, i),
              String.format("C%s-%05d", tag, i),
              String.format("B%s-%05d", tag, i),
              String.format("S%s-%05d", tag, i)));
    }
    return new ProvisionPeople(persons, tag);
  }

  int size() {
    return persons.size();
  }

  String tag() {
    return tag;
  }

  /** Gatling's feeder for the set-up: each person once. */
  Iterator<Map<String, Object>> setUpFeeder() {
    return persons.stream().map(Person::setUp).iterator();
  }

  /** Person {@code index}'s set-up was answered as it should be. */
  void ready(int index) {
    ready.add(index);
  }

  /** The persons set up, in the feeder's order. */
  List<Person> ready() {
    return persons.stream().filter(person -> ready.contains(person.index())).toList();
  }

  /** A unified address number of the requester's that no token was delivered under. */
  String unknownAddress(int n) {
    return String.format("C%s-X%05d", tag, n % 100_000);
  }
}
