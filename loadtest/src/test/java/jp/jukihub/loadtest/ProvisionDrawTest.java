package jp.jukihub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jp.jukihub.loadtest.ProvisionDraw.Kind;
import jp.jukihub.loadtest.ProvisionDraw.Query;
import org.junit.jupiter.api.Test;

class ProvisionDrawTest {
  static final int DRAWS = 100_000;

  static ProvisionPeople people() {
    ProvisionPeople people = ProvisionPeople.of(LookupDrawTest.RESIDENTS, 10, "t1");
    for (int i = 0; i < people.size(); i++) {
      people.ready(i);
    }
    return people;
  }

  static List<Query> draws(ProvisionPeople people, ProvisionDraw.Shares shares) {
    ProvisionDraw draw = new ProvisionDraw(people, shares, new SplittableRandom(1));
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      queries.add(draw.draw());
    }
    return queries;
  }

  static double share(List<Query> queries, Predicate<Query> which) {
    return queries.stream().filter(which).count() / (double) queries.size();
  }

  @Test
  void should_expect_each_refusal_for_its_share_when_refusals_are_mixed_in() {
    List<Query> queries = draws(people(), new ProvisionDraw.Shares(0.05, 0.03, 0.02));

    assertThat(share(queries, q -> q.kind() == Kind.ANSWERED)).isCloseTo(0.90, within(0.005));
    assertThat(share(queries, q -> q.expectedCode().equals("NO_COPY")))
        .isCloseTo(0.05, within(0.003));
    assertThat(share(queries, q -> q.expectedCode().equals("EXCHANGE_NOT_PERMITTED")))
        .isCloseTo(0.03, within(0.003));
    assertThat(share(queries, q -> q.expectedCode().equals("NO_TOKEN")))
        .isCloseTo(0.02, within(0.003));
  }

  @Test
  void should_ask_for_the_persons_own_copy_when_the_query_is_lawful() {
    ProvisionPeople people = people();
    Map<String, ProvisionPeople.Person> byAddress =
        people.ready().stream()
            .collect(Collectors.toMap(ProvisionPeople.Person::requesterAddress, p -> p));

    assertThat(draws(people, new ProvisionDraw.Shares(0, 0, 0)))
        .allSatisfy(
            q -> {
              assertThat(q.expectedStatus()).isEqualTo(200);
              assertThat(q.expectedCode()).isEmpty();
              ProvisionPeople.Person person = byAddress.get(q.address());
              assertThat(q.expectedIncome()).isEqualTo(person.taxableIncome());
            });
    assertThat(byAddress.values())
        .allSatisfy(
            person ->
                assertThat(new JsonObject(person.copy()).getLong("taxableIncome"))
                    .isEqualTo(person.taxableIncome()));
  }

  @Test
  void should_name_no_set_up_address_when_expecting_no_token() {
    ProvisionPeople people = people();
    List<String> delivered =
        people.ready().stream().map(ProvisionPeople.Person::requesterAddress).toList();

    assertThat(draws(people, new ProvisionDraw.Shares(0, 0, 0.5)))
        .filteredOn(q -> q.kind() == Kind.NO_TOKEN)
        .isNotEmpty()
        .allSatisfy(
            q -> {
              assertThat(q.address()).doesNotMatch("[0-9]{11,12}").hasSizeLessThanOrEqualTo(20);
              assertThat(delivered).doesNotContain(q.address());
            });
  }

  @Test
  void should_send_the_same_queries_when_the_seed_is_the_same() {
    ProvisionDraw.Shares shares = new ProvisionDraw.Shares(0.05, 0.03, 0.02);
    assertThat(draws(people(), shares).subList(0, 1000))
        .isEqualTo(draws(people(), shares).subList(0, 1000));
  }

  @Test
  void should_take_each_resident_once_with_numbers_of_the_run_when_setting_up() {
    Residents twice =
        Residents.parse(
            List.of("852221706974 131211", "852221706974 131211", "011860262942 131016"));
    ProvisionPeople people = ProvisionPeople.of(twice, 10, "ab12");

    assertThat(people.size()).isEqualTo(2);
    assertThat(people.setUpFeeder().next())
        .containsEntry("requesterAddress", "Cab12-00000")
        .containsEntry("providerAddress", "Sab12-00000")
        .containsEntry("myNumber", "852221706974");
  }

  @Test
  void should_refuse_to_draw_when_nobody_was_set_up() {
    ProvisionPeople nobody = ProvisionPeople.of(LookupDrawTest.RESIDENTS, 2, "t2");
    ProvisionDraw draw =
        new ProvisionDraw(nobody, new ProvisionDraw.Shares(0, 0, 0), new SplittableRandom(1));

    assertThatThrownBy(draw::draw).hasMessageContaining("no person was set up");
  }
}
