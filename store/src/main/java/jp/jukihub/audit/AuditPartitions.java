package jp.jukihub.audit;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names and bounds of the trail's monthly partitions (UTC months). */
public final class AuditPartitions {
  private static final Pattern NAME = Pattern.compile("record_y(\\d{4})m(\\d{2})");

  private AuditPartitions() {}

  static String tableName(YearMonth month) {
    return String.format("record_y%04dm%02d", month.getYear(), month.getMonthValue());
  }

  static Optional<YearMonth> monthOf(String tableName) {
    Matcher matcher = NAME.matcher(tableName);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
  }

  static YearMonth monthOf(Instant instant) {
    return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
  }

  /**
   * The statement that creates the month's partition unless it exists: a call of the owner's
   * audit.ensure_month (migration V12), because the writer's role may not run DDL on the trail.
   */
  public static String createStatement(YearMonth month) {
    return "SELECT audit.ensure_month('" + month.atDay(1) + "')";
  }
}
