package jp.jukihub.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.body.Zone;
import jp.jukihub.number.CorporateNumber;
import org.junit.jupiter.api.Test;

/** The audit office's right goes by what a body is (its kind), not only where it calls from. */
class AuditRightsTest {
  private static final String OFFICE = "audit.office";

  @Test
  void should_let_the_registered_audit_office_read_the_trail() {
    Body auditor = BodyRegistry.load(null).find("auditor").orElseThrow();
    assertThat(AuditCapability.RIGHTS.rowFor(auditor, OFFICE)).isPresent();
  }

  @Test
  void should_refuse_a_body_of_another_kind_when_it_sits_in_the_ops_zone() {
    Body verifier =
        new Body(
            "bank-in-ops",
            "A bank",
            BodyKind.VERIFIER,
            Zone.OPS,
            Optional.empty(),
            Optional.of(CorporateNumber.of("7000012050002")));
    assertThat(AuditCapability.RIGHTS.rowFor(verifier, OFFICE)).isEmpty();
  }

  @Test
  void should_refuse_every_registered_body_but_the_ops_kind() {
    BodyRegistry.load(null).all().stream()
        .filter(body -> body.kind() != BodyKind.OPS)
        .forEach(
            body ->
                assertThat(AuditCapability.RIGHTS.rowFor(body, OFFICE)).as(body.id()).isEmpty());
  }
}
