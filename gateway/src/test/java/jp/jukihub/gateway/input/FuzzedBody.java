package jp.jukihub.gateway.input;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Set;

/**
 * A fuzz input for the body readers of one capability: the reader's name, a newline, and the body
 * as sent. Seed files stay readable that way.
 */
public record FuzzedBody(String reader, String body) {
  public static FuzzedBody of(String input) {
    int newline = input.indexOf('\n');
    return newline < 0
        ? new FuzzedBody(input, "")
        : new FuzzedBody(input.substring(0, newline), input.substring(newline + 1));
  }

  /** The body read as a route reads it, allowing {@code fields}. */
  public JsonInput read(Set<String> fields) {
    return JsonInput.of(Buffer.buffer(body), fields);
  }

  /** The caller's texts in the body (and the body whole, for a reader of plain text). */
  public List<String> texts() {
    List<String> texts = CleanRefusals.jsonTexts(body);
    texts.add(body);
    return texts;
  }
}
