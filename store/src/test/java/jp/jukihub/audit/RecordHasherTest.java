package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The chain hash covers every stored field, unambiguously. */
class RecordHasherTest {
  static final Instant AT = Instant.parse("2026-11-24T09:00:00.123456Z");
  static final AuditEvent BASE =
      new AuditEvent(
          "r-1",
          "jps",
          "op",
          "national_body",
          "identity.lookup",
          "t1",
          "rule-1",
          42L,
          List.of("myNumber", "name"),
          "ok",
          200,
          900,
          new byte[32],
          new byte[32],
          null);

  static String hash(AuditEvent event) {
    return HexFormat.of()
        .formatHex(new RecordHasher().hash(RecordHasher.GENESIS, "hub-1", 7, AT, event));
  }

  static AuditEvent with(UnaryOperator<Object[]> change) {
    Object[] f = {
      BASE.requestId(),
      BASE.body(),
      BASE.operator(),
      BASE.zone(),
      BASE.route(),
      BASE.affair(),
      BASE.firewallRule(),
      BASE.subject(),
      BASE.fields(),
      BASE.outcome(),
      BASE.status(),
      BASE.latencyMicros(),
      BASE.requestHash(),
      BASE.answerHash(),
      BASE.counterpart()
    };
    f = change.apply(f);
    @SuppressWarnings("unchecked")
    List<String> fields = (List<String>) f[8];
    return new AuditEvent(
        (String) f[0],
        (String) f[1],
        (String) f[2],
        (String) f[3],
        (String) f[4],
        (String) f[5],
        (String) f[6],
        (Long) f[7],
        fields,
        (String) f[9],
        (Integer) f[10],
        (Long) f[11],
        (byte[]) f[12],
        (byte[]) f[13],
        (String) f[14]);
  }

  static AuditEvent withCounterpart(String counterpart) {
    return with(
        f -> {
          f[14] = counterpart;
          return f;
        });
  }

  @Test
  void should_give_the_same_hash_for_the_same_record_and_another_for_any_changed_field() {
    assertThat(hash(BASE)).isEqualTo(hash(BASE)).hasSize(64);
    byte[] other = new byte[32];
    other[31] = 1;
    List<UnaryOperator<Object[]>> changes = new ArrayList<>();
    Object[] replacements = {
      "r-2",
      "nta",
      "op2",
      "ops",
      "audit.records",
      "t2",
      "rule-2",
      43L,
      List.of("myNumber"),
      "NOT_FOUND",
      404,
      901L,
      other,
      other,
      "nta"
    };
    for (int i = 0; i < replacements.length; i++) {
      int index = i;
      changes.add(
          f -> {
            f[index] = replacements[index];
            return f;
          });
    }
    changes.add(
        f -> {
          f[2] = null;
          return f;
        });
    changes.add(
        f -> {
          f[7] = null;
          return f;
        });
    List<String> hashes = new ArrayList<>(changes.stream().map(c -> hash(with(c))).toList());
    hashes.add(hash(BASE));
    assertThat(hashes).doesNotHaveDuplicates();
    RecordHasher hasher = new RecordHasher();
    assertThat(hasher.hash(RecordHasher.GENESIS, "hub-1", 7, AT, BASE))
        .isNotEqualTo(hasher.hash(RecordHasher.GENESIS, "hub-1", 8, AT, BASE))
        .isNotEqualTo(hasher.hash(RecordHasher.GENESIS, "hub-2", 7, AT, BASE))
        .isNotEqualTo(hasher.hash(RecordHasher.GENESIS, "hub-1", 7, AT.plusNanos(1000), BASE))
        .isNotEqualTo(hasher.hash(other, "hub-1", 7, AT, BASE));
  }

  @Test
  void should_not_confuse_values_that_concatenate_alike() {
    assertThat(
            hash(
                with(
                    f -> {
                      f[8] = List.of("ab", "c");
                      return f;
                    })))
        .isNotEqualTo(
            hash(
                with(
                    f -> {
                      f[8] = List.of("a", "bc");
                      return f;
                    })));
    assertThat(
            hash(
                with(
                    f -> {
                      f[2] = "opx";
                      f[3] = "zone";
                      return f;
                    })))
        .isNotEqualTo(
            hash(
                with(
                    f -> {
                      f[2] = "op";
                      f[3] = "xzone";
                      return f;
                    })));
    assertThat(
            hash(
                with(
                    f -> {
                      f[5] = null;
                      return f;
                    })))
        .isNotEqualTo(
            hash(
                with(
                    f -> {
                      f[5] = "";
                      return f;
                    })));
  }

  /**
   * Pinned on the commit before counterparts existed (b73c5db): records chained then must verify
   * byte for byte, so a record without a counterpart must hash exactly as it did.
   */
  @Test
  void should_hash_as_before_counterparts_existed_when_a_record_has_none() {
    assertThat(BASE.counterpart()).isNull();
    assertThat(hash(BASE))
        .isEqualTo("9d1ff11411a75cf65c7b5f0e92e019eee81a44ceb1c58c0bce346b044ca14a35");
    assertThat(
            hash(
                with(
                    f -> {
                      f[2] = null;
                      f[5] = null;
                      f[6] = null;
                      f[7] = null;
                      f[8] = List.of();
                      return f;
                    })))
        .isEqualTo("d3def16c59a846e2bbc2cdfaf765087d676fb81406ea673b908bd0f3d6effbfa");
  }

  @Test
  void should_give_another_hash_for_each_counterpart_when_a_record_has_one() {
    assertThat(
            List.of(
                hash(BASE),
                hash(withCounterpart("nta")),
                hash(withCounterpart("jps")),
                hash(withCounterpart("lg-131016"))))
        .doesNotHaveDuplicates();
    assertThat(hash(withCounterpart("nta"))).isEqualTo(hash(withCounterpart("nta")));
  }

  @Test
  void should_refuse_a_counterpart_when_it_is_no_registry_id() {
    for (String bad : List.of("", "NTA", "-x", "nta 2", "a".repeat(64))) {
      assertThatThrownBy(() -> withCounterpart(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("registry id");
    }
    assertThat(withCounterpart("a".repeat(63)).counterpart()).hasSize(63);
  }
}
