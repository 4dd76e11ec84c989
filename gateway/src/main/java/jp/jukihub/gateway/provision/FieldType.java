package jp.jukihub.gateway.provision;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.YamlData;

/**
 * The type of one field of the data standard, with its digits, range or codes: it turns a value of
 * a copy into its normal form, or names the rule the value breaks. A rule's words never carry the
 * value, which could be anything.
 */
sealed interface FieldType {
  Pattern DIGITS = Pattern.compile("[0-9]+");
  Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  int MAX_DIGITS = 64;

  /** {@code value} (not null) in its normal form; throws {@link Broken} naming the rule. */
  Object normalise(Object value);

  /** A value breaks the field's rule: {@code rule} says which, after the field's name. */
  final class Broken extends RuntimeException {
    Broken(String rule) {
      super(rule, null, false, false);
    }
  }

  /** A string of ASCII digits: exactly {@code length} of them, or 1 to {@code maxLength}. */
  record Digits(int length, int maxLength) implements FieldType {
    @Override
    public Object normalise(Object value) {
      if (!(value instanceof String text) || !DIGITS.matcher(text).matches()) {
        throw new Broken("must be a string of digits 0-9");
      }
      if (length > 0 && text.length() != length) {
        throw new Broken("must be " + length + " digits");
      }
      if (maxLength > 0 && text.length() > maxLength) {
        throw new Broken("must be at most " + maxLength + " digits");
      }
      return text;
    }
  }

  /** A whole number from {@code min} to {@code max}; never a fraction, a float or a string. */
  record WholeNumber(long min, long max) implements FieldType {
    @Override
    public Object normalise(Object value) {
      BigInteger number = whole(value);
      if (number == null) {
        throw new Broken("must be a whole number");
      }
      if (!holds(number)) {
        throw new Broken("must be from " + min + " to " + max);
      }
      return number.longValue();
    }

    boolean holds(BigInteger number) {
      return number.compareTo(BigInteger.valueOf(min)) >= 0
          && number.compareTo(BigInteger.valueOf(max)) <= 0;
    }

    /** {@code value} if it is a whole number (not a float, even 2.0), else null. */
    static BigInteger whole(Object value) {
      if (value instanceof Integer
          || value instanceof Long
          || value instanceof Short
          || value instanceof Byte) {
        return BigInteger.valueOf(((Number) value).longValue());
      }
      return value instanceof BigInteger big ? big : null;
    }
  }

  /** A calendar date written yyyy-mm-dd (ISO 8601), which must exist. */
  record IsoDate() implements FieldType {
    @Override
    public Object normalise(Object value) {
      if (!(value instanceof String text) || !ISO_DATE.matcher(text).matches()) {
        throw new Broken("must be a date written yyyy-mm-dd");
      }
      try {
        return LocalDate.parse(text).toString();
      } catch (DateTimeParseException e) {
        throw new Broken("must be a real date");
      }
    }
  }

  /** true or false. */
  record Flag() implements FieldType {
    @Override
    public Object normalise(Object value) {
      if (value instanceof Boolean flag) {
        return flag;
      }
      throw new Broken("must be true or false");
    }
  }

  /** One of {@code values}' keys (strings; numbers are not codes). */
  record Code(Map<String, String> values) implements FieldType {
    public Code {
      values = Map.copyOf(values);
    }

    @Override
    public Object normalise(Object value) {
      if (value instanceof String code && values.containsKey(code)) {
        return code;
      }
      throw new Broken(
          "must be one of the codes "
              + String.join(", ", values.keySet().stream().sorted().toList()));
    }
  }

  /** A year from 1900 to 2100: a whole number, or 4 digits as a string; normally a number. */
  record Year() implements FieldType {
    static final WholeNumber YEARS = new WholeNumber(1900, 2100);

    @Override
    public Object normalise(Object value) {
      BigInteger year =
          value instanceof String text && text.length() == 4 && DIGITS.matcher(text).matches()
              ? new BigInteger(text)
              : WholeNumber.whole(value);
      if (year == null) {
        throw new Broken("must be a year of 4 digits");
      }
      if (!YEARS.holds(year)) {
        throw new Broken("must be a year from " + YEARS.min() + " to " + YEARS.max());
      }
      return year.intValue();
    }
  }

  /**
   * The type {@code field} declares, checked: a known type, only the keys it takes, sane lengths
   * and ranges, codes that exist; {@code where} names the field in errors.
   */
  static FieldType read(Map<?, ?> field, String where) {
    String type = YamlData.text(field, "type", where);
    Set<String> common = Set.of("type", "required");
    return switch (type) {
      case "digits" -> {
        YamlData.onlyKeys(field, union(common, "length", "maxLength"), where);
        int length = size(field.get("length"));
        int maxLength = size(field.get("maxLength"));
        if (length < 0 || maxLength < 0 || (length > 0) == (maxLength > 0)) {
          throw new ConfigException(
              where
                  + ": a digits field has a length or a maxLength (one of them), 1 to "
                  + MAX_DIGITS);
        }
        yield new Digits(length, maxLength);
      }
      case "integer" -> {
        YamlData.onlyKeys(field, union(common, "min", "max"), where);
        BigInteger min = WholeNumber.whole(field.get("min"));
        BigInteger max = WholeNumber.whole(field.get("max"));
        if (min == null
            || max == null
            || min.compareTo(max) > 0
            || min.bitLength() > 63
            || max.bitLength() > 63) {
          throw new ConfigException(
              where + ": an integer field has whole-number min and max, min not above max");
        }
        yield new WholeNumber(min.longValue(), max.longValue());
      }
      case "code" -> {
        YamlData.onlyKeys(field, union(common, "values"), where);
        yield new Code(codes(field.get("values"), where));
      }
      case "date", "boolean", "year" -> {
        YamlData.onlyKeys(field, common, where);
        yield switch (type) {
          case "date" -> new IsoDate();
          case "boolean" -> new Flag();
          default -> new Year();
        };
      }
      default ->
          throw new ConfigException(
              where + ": unknown type '" + type + "' (digits, integer, date, boolean, code, year)");
    };
  }

  private static Set<String> union(Set<String> common, String... more) {
    Set<String> keys = new HashSet<>(common);
    keys.addAll(Set.of(more));
    return keys;
  }

  /** A length of 1 to {@link #MAX_DIGITS}; 0 for none given, -1 for a broken one. */
  private static int size(Object value) {
    if (value == null) {
      return 0;
    }
    return value instanceof Integer n && n >= 1 && n <= MAX_DIGITS ? n : -1;
  }

  private static Map<String, String> codes(Object values, String where) {
    ConfigException broken =
        new ConfigException(
            where
                + ": a code field lists its codes: values, a non-empty mapping of quoted codes (1-16"
                + " characters) to their names");
    if (!(values instanceof Map<?, ?> map) || map.isEmpty()) {
      throw broken;
    }
    Map<String, String> codes = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String code)
          || code.isBlank()
          || code.length() > 16
          || entry.getValue() == null
          || entry.getValue().toString().isBlank()) {
        throw broken;
      }
      codes.put(code, entry.getValue().toString());
    }
    return codes;
  }
}
