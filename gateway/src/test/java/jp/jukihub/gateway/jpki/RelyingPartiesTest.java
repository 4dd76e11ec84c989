package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.jpki.RelyingParties.Category;
import jp.jukihub.gateway.jpki.RelyingParties.RelyingParty;
import jp.jukihub.number.CorporateNumber;
import jp.jukihub.number.LgCode;
import org.junit.jupiter.api.Test;

/** Who checks certificates, under which corporate number: the bundled registry's bodies. */
class RelyingPartiesTest {
  private final BodyRegistry bodies = BodyRegistry.load(null);
  private final RelyingParties parties = new RelyingParties(bodies);

  @Test
  void should_know_an_approved_private_verifier_and_a_government_body_by_their_corporate_numbers() {
    RelyingParty bank = parties.find(bodies.find("bank-demo").orElseThrow()).orElseThrow();
    assertThat(bank.category()).isEqualTo(Category.APPROVED_PRIVATE);
    assertThat(bank.corporateNumber().value()).isEqualTo("5011001099999");
    RelyingParty tax = parties.find(bodies.find("nta").orElseThrow()).orElseThrow();
    assertThat(tax.category()).isEqualTo(Category.GOVERNMENT);
    assertThat(tax.corporateNumber().value()).isEqualTo("7000012050002");
  }

  @Test
  void should_derive_a_local_governments_corporate_number_from_its_code() {
    RelyingParty tokyo = parties.find(bodies.find("pref-13").orElseThrow()).orElseThrow();
    assertThat(tokyo.corporateNumber().value()).isEqualTo("8000020130001");
    RelyingParty chiyoda = parties.find(bodies.find("lg-131016").orElseThrow()).orElseThrow();
    assertThat(chiyoda.corporateNumber())
        .isEqualTo(CorporateNumber.ofLocalGovernment(LgCode.of("131016")));
    assertThat(chiyoda.category()).isEqualTo(Category.GOVERNMENT);
  }

  @Test
  void should_not_count_the_audit_office_as_a_relying_party() {
    assertThat(parties.find(bodies.find("auditor").orElseThrow())).isEmpty();
  }
}
