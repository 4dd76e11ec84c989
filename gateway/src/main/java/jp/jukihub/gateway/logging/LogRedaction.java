package jp.jukihub.gateway.logging;

import java.util.regex.Pattern;

/**
 * The last guard before a log line is written: text that looks like personal data is replaced by
 * {@value #MARK}. The hub's own log statements never name a person (value types mask themselves,
 * database failures are stripped of values); this catches what slips through anyway, for instance
 * in a library's exception message.
 *
 * <p>What it takes for personal data: any run of Japanese script (names and addresses are written
 * in kanji and kana; the hub's own messages are in English), and any stand-alone run of 11 or 12
 * digits, however grouped (a resident code or My Number, valid or mistyped). Names in Latin letters
 * cannot be told from other words and are not caught.
 */
public final class LogRedaction {
  /** What replaces each redacted run. */
  public static final String MARK = "[REDACTED]";

  private static final Pattern PERSONAL =
      Pattern.compile(
          // CJK radicals to unified ideographs (kana, CJK punctuation and the ideographic space
          // included), compatibility ideographs, full-width and half-width forms, the supplementary
          // ideographs of rare names.
          "[\\x{2E80}-\\x{9FFF}\\x{F900}-\\x{FAFF}\\x{FE30}-\\x{FE4F}\\x{FF00}-\\x{FFEF}\\x{20000}-\\x{3134F}]+"
              // 11 or 12 digits, alone or grouped by up to two spaces, hyphens or dots between
              // digits
              // (4-4-4 on the card, 4-4-3 for a resident code, a typed "1234 5678 9012"), also
              // straight after letters ("MN123456789012"); longer digit runs are not personal.
              + "|(?<![0-9])[0-9](?:[\\s\\x{00A0}\\x{3000}\\x{2010}\\x{FF0D}.-]{0,2}[0-9]){10,11}(?![0-9])");

  private LogRedaction() {}

  /** {@code text} with every run that may be personal data replaced by {@value #MARK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    return PERSONAL.matcher(text).replaceAll(MARK);
  }

  /** Whether {@code text} holds a run that {@link #redact} would replace. */
  public static boolean mayHoldPersonalData(CharSequence text) {
    return text != null && PERSONAL.matcher(text).find();
  }
}
