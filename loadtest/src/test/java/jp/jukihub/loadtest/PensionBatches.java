package jp.jukihub.loadtest;

import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The pension service's current-status checks (現況確認: about 40 million pensioners a year, seed 004)
 * as NDJSON batches for {@code POST /v1/identity/lookup:batch}: each batch a random size between
 * the bounds, each line a {@code t1-pension-status} lookup of an existing resident. Also reads a
 * batch's answer: which lines came back, and with which status.
 */
final class PensionBatches implements Iterator<Map<String, Object>> {
  static final String AFFAIR = "t1-pension-status";
  static final int MOST_LINES = 10_000;

  private final Residents residents;
  private final int fewestLines;
  private final int mostLines;
  private final RandomGenerator random;

  PensionBatches(Residents residents, int fewestLines, int mostLines, RandomGenerator random) {
    if (fewestLines < 1 || mostLines < fewestLines || mostLines > MOST_LINES) {
      throw new IllegalArgumentException(
          "batch lines must be 1 <= fewest <= most <= "
              + MOST_LINES
              + ", got "
              + fewestLines
              + ".."
              + mostLines);
    }
    this.residents = residents;
    this.fewestLines = fewestLines;
    this.mostLines = mostLines;
    this.random = random;
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  /** Gatling's feeder: the next batch's body ({@code batch}) and its line count ({@code lines}). */
  @Override
  public synchronized Map<String, Object> next() {
    int lines = fewestLines + random.nextInt(mostLines - fewestLines + 1);
    StringBuilder body = new StringBuilder(lines * 56);
    for (int i = 0; i < lines; i++) {
      String myNumber = residents.get(random.nextInt(residents.size())).myNumber();
      body.append("{\"affair\":\"")
          .append(AFFAIR)
          .append("\",\"myNumber\":\"")
          .append(myNumber)
          .append("\"}\n");
    }
    return Map.of("batch", body.toString(), "lines", lines);
  }

  /** What a batch's answer held: lines answered once each from 1 up, and how many said 200. */
  record Answer(int answered, int ok, boolean inOrder) {}

  /**
   * The answer a batch of {@code lines} existing residents must get: all back, in order, all 200.
   */
  static Answer allOk(io.gatling.javaapi.core.Session session) {
    int lines = session.getInt("lines");
    return new Answer(lines, lines, true);
  }

  /** Reads an answer stream of {@code {"line":n,"status":s,...}} lines. */
  static Answer read(String ndjson) {
    BitSet seen = new BitSet();
    int answered = 0;
    int ok = 0;
    boolean inOrder = true;
    for (String text : ndjson.split("\n")) {
      if (text.isBlank()) {
        continue;
      }
      JsonObject line = new JsonObject(text);
      Integer number = line.getInteger("line");
      if (number == null || number < 1 || seen.get(number) || number != answered + 1) {
        inOrder = false;
      }
      if (number != null && number > 0) {
        seen.set(number);
      }
      answered++;
      if (Integer.valueOf(200).equals(line.getInteger("status"))) {
        ok++;
      }
    }
    return new Answer(answered, ok, inOrder);
  }
}
