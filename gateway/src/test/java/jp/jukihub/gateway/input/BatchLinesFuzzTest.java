package jp.jukihub.gateway.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.http.BatchRoute;

/**
 * Any NDJSON stream a batch route ({@code …:batch}) receives, in chunks of any size, splits into
 * the same lines as the whole would, and each line is read as a JSON object or refused with {@code
 * INVALID_REQUEST} repeating none of the caller's text: never another exception. Frames lines as
 * {@link BatchRoute} does (a Vert.x {@link RecordParser} on '\n'; trailing '\r' and spaces trimmed;
 * blank lines skipped) and reads each with {@link JsonInput#of(Buffer, Set)}; what a route then
 * reads from a line is fuzzed with its capability's bodies (IdentityRequestFuzzTest,
 * ProvisionRequestsFuzzTest). The input is a chunk size, then the stream. Runs its seed corpus in
 * every build; {@code JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=BatchLinesFuzzTest} fuzzes
 * for real.
 */
class BatchLinesFuzzTest {
  // Any route's set does; these are the identity lookup's.
  private static final Set<String> FIELDS = Set.of("affair", "myNumber", "residentCode", "query");

  @FuzzTest(maxDuration = "10s")
  void should_frame_and_read_or_refuse_cleanly_when_given_any_stream(FuzzedDataProvider data) {
    int chunk = data.consumeInt(1, 64);
    byte[] stream = data.consumeRemainingAsBytes();
    if (stream.length > BatchRoute.MAX_LINE_BYTES * 4) {
      return; // longer lines are refused before they are framed
    }

    List<Buffer> lines = new ArrayList<>();
    RecordParser parser = RecordParser.newDelimited("\n", lines::add);
    for (int at = 0; at < stream.length; at += chunk) {
      parser.handle(Buffer.buffer(stream).slice(at, Math.min(stream.length, at + chunk)));
    }
    parser.handle(Buffer.buffer("\n")); // as BatchRoute ends a last line without its newline
    assertThat(lines).hasSize(count(stream, (byte) '\n') + 1);

    for (Buffer raw : lines) {
      Buffer line = trimmed(raw);
      if (line.length() == 0) {
        continue;
      }
      try {
        JsonInput.of(line, FIELDS);
      } catch (HubException refused) {
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        String text = line.toString(StandardCharsets.UTF_8);
        CleanRefusals.readOrRefuseCleanly(
            text,
            again -> JsonInput.of(Buffer.buffer(again), FIELDS),
            CleanRefusals.jsonTexts(text),
            FIELDS);
      }
    }
  }

  /** As BatchRoute.trimmed, which is private to the HTTP layer. */
  private static Buffer trimmed(Buffer line) {
    int end = line.length();
    while (end > 0 && (line.getByte(end - 1) == '\r' || line.getByte(end - 1) == ' ')) {
      end--;
    }
    return line.getBuffer(0, end);
  }

  private static int count(byte[] bytes, byte wanted) {
    int count = 0;
    for (byte b : bytes) {
      count += b == wanted ? 1 : 0;
    }
    return count;
  }
}
