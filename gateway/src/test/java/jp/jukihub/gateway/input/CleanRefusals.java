package jp.jukihub.gateway.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.pipeline.PersonalNumberShapes;

/**
 * What the fuzz tests of outside input ask of a reader: it accepts the input or refuses it as a
 * client's error (never {@code INTERNAL}, never another exception) whose detail repeats none of the
 * caller's text: no personal number's shape, and no name or value the caller sent of {@value #ECHO}
 * characters or more, except the reader's own field names.
 */
public final class CleanRefusals {
  /** Shorter texts are words a detail may hold by chance. */
  static final int ECHO = 8;

  /** A reader of one whole fuzz input; it may assert what it accepted. */
  public interface Reader {
    void read(String input);
  }

  private CleanRefusals() {}

  /**
   * Runs {@code reader} on {@code input}. A text of the caller's found in the detail counts as
   * repeated only if it follows the caller: run again with one character of it changed, the new
   * detail holds the changed text. Otherwise it is the detail's own wording (the fuzzer soon learns
   * to send "-----BEGIN CERTIFICATE" or "required" back).
   */
  public static void readOrRefuseCleanly(
      String input, Reader reader, Collection<String> callerTexts, Set<String> knownNames) {
    HubException refused = refusal(reader, input);
    if (refused == null) {
      return;
    }
    assertThat(refused.code()).isNotEqualTo(ErrorCode.INTERNAL);
    String detail = refused.detail();
    assertThat(detail).isNotBlank();
    assertThat(PersonalNumberShapes.holdsOne(detail)).as("a number shape in: %s", detail).isFalse();
    for (String text : callerTexts) {
      if (text.length() >= ECHO && !knownNames.contains(text) && detail.contains(text)) {
        String changed = changed(text);
        HubException again = refusal(reader, input.replace(text, changed));
        if (again != null) {
          assertThat(again.detail()).as("repeats the caller's text").doesNotContain(changed);
        }
      }
    }
  }

  /**
   * The caller's texts in a JSON body: its field names and string values at any depth (when it
   * parses), and its raw runs between JSON's punctuation (when it does not).
   */
  public static List<String> jsonTexts(String body) {
    List<String> texts = new ArrayList<>(List.of(body.split("[\\s{}\\[\\],:\"]+")));
    try {
      collect(Json.decodeValue(body), texts, 0);
    } catch (DecodeException | ClassCastException | StackOverflowError notJson) {
      // the raw runs above are all there is
    }
    return texts;
  }

  private static HubException refusal(Reader reader, String input) {
    try {
      reader.read(input);
      return null;
    } catch (HubException refused) {
      return refused;
    }
  }

  /** {@code text} with its middle character changed to another of its kind. */
  private static String changed(String text) {
    int at = text.length() / 2;
    char c = text.charAt(at);
    char other;
    if (c >= '0' && c <= '9') {
      other = (char) ('0' + (c - '0' + 1) % 10);
    } else if (c >= 'a' && c <= 'z') {
      other = (char) ('a' + (c - 'a' + 1) % 26);
    } else if (c >= 'A' && c <= 'Z') {
      other = (char) ('A' + (c - 'A' + 1) % 26);
    } else {
      other = c == 'x' ? 'y' : 'x';
    }
    return text.substring(0, at) + other + text.substring(at + 1);
  }

  private static void collect(Object value, List<String> texts, int depth) {
    if (depth > 64) {
      return;
    }
    if (value instanceof String text) {
      texts.add(text);
    } else if (value instanceof JsonObject object) {
      collect(object.getMap(), texts, depth);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach(
          (name, inner) -> {
            texts.add(String.valueOf(name));
            collect(inner, texts, depth + 1);
          });
    } else if (value instanceof JsonArray array) {
      array.forEach(inner -> collect(inner, texts, depth + 1));
    } else if (value instanceof List<?> list) {
      list.forEach(inner -> collect(inner, texts, depth + 1));
    }
  }
}
