package jp.jukihub.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.gateway.input.CleanRefusals;

/**
 * Any query string comes back as a query the audit trail can run (instants it can store, a limit
 * within bounds, a cursor it could have issued) or is refused as a client's error that repeats none
 * of the caller's text. The input is the query string, decoded as Vert.x decodes a request's. Runs
 * its seed corpus in every build; {@code JAZZER_FUZZ=1 ./mvnw -o -pl gateway test
 * -Dtest=AuditQueryFuzzTest} fuzzes for real.
 */
class AuditQueryFuzzTest {
  private static final Set<String> NAMES =
      Set.of("body", "operator", "affair", "requestId", "from", "to", "cursor", "limit");

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_query_string(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    MultiMap parameters = decoded(input);
    if (parameters == null) {
      return; // the router answers 400 before any route reads it
    }
    List<String> texts = new ArrayList<>(parameters.names());
    parameters.forEach(entry -> texts.add(entry.getValue()));
    CleanRefusals.readOrRefuseCleanly(input, AuditQueryFuzzTest::read, texts, NAMES);
  }

  /** Reads every parameter as the audit routes do; what is accepted must be usable. */
  private static void read(String input) {
    MultiMap parameters = decoded(input);
    if (parameters == null) {
      return;
    }
    AuditQuery query = AuditQuery.of(parameters, NAMES);
    for (String token : List.of("body", "operator", "affair", "requestId")) {
      query.token(token);
    }
    storable(query.from());
    storable(query.to());
    AuditReader.Cursor cursor = query.cursor();
    if (cursor != null) {
      assertThat(AuditReader.Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }
    assertThat(query.limit()).isBetween(1, AuditQuery.MAX_LIMIT);
  }

  /** The parameters as Vert.x decodes a request's query string; null when it cannot. */
  private static MultiMap decoded(String input) {
    MultiMap parameters = MultiMap.caseInsensitiveMultiMap();
    try {
      new QueryStringDecoder(input, StandardCharsets.UTF_8, false)
          .parameters()
          .forEach(parameters::add);
    } catch (IllegalArgumentException undecodable) {
      return null;
    }
    return parameters;
  }

  /** The database keeps microseconds since the epoch, which must not overflow. */
  private static void storable(Instant instant) {
    if (instant != null) {
      ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
  }
}
