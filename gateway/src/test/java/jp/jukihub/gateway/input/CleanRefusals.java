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
 * What the fuzz tests of outside input ask of a refusal: a client's error, never {@code INTERNAL},
 * whose detail repeats none of the caller's text: no personal number's shape, and no name or value
 * the caller sent of {@value #ECHO} characters or more, except the reader's own field names.
 */
public final class CleanRefusals {
  /** Shorter texts are words the detail may hold by chance ("required", a field name). */
  static final int ECHO = 8;

  private CleanRefusals() {}

  public static void assertClean(
      HubException refused, Collection<String> callerTexts, Set<String> knownNames) {
    assertThat(refused.code()).isNotEqualTo(ErrorCode.INTERNAL);
    String detail = refused.detail();
    assertThat(detail).isNotBlank();
    assertThat(PersonalNumberShapes.holdsOne(detail)).as("a number shape in: %s", detail).isFalse();
    for (String text : callerTexts) {
      if (text.length() >= ECHO && !knownNames.contains(text) && !plainWords(text)) {
        assertThat(detail).doesNotContain(text);
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

  // English words alone: the detail's own words ("required", "characters") may be sent as values.
  private static boolean plainWords(String text) {
    return text.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ');
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
