package jp.jukihub.identity.source;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;

/**
 * An identity record as the cache holds it: its text in one byte array (UTF-8, each field behind
 * its length), its numbers and dates as primitives, its municipality shared. A million records
 * cached as {@link IdentityRecord}s cost 582 bytes each, most of it the headers of nine strings, a
 * date and a code (`./hub bench memory`); packed they cost about 400. A hit unpacks the record (a
 * few hundred nanoseconds), which the lookup path pays once per request.
 */
final class PackedIdentity {
  // Every municipality's code, shared by all its residents' records (1,741 of them).
  private static final Map<String, LgCode> MUNICIPALITIES = new ConcurrentHashMap<>();
  private static final int NONE = -1;
  private static final Sex[] SEXES = Sex.values();

  private final long personId;
  private final long updatedSeconds;
  private final int updatedNanos;
  private final int version;
  private final long birthDay;
  private final long changeDay; // NONE: no change date
  private final byte sex; // NONE: none
  private final LgCode municipality;
  // residentCode, myNumber, nameKanji, nameKana, addressRest, status, changeKind, changeReason
  private final byte[] text;

  private PackedIdentity(IdentityRecord record) {
    personId = record.personId();
    updatedSeconds =
        record.updatedAt() == null ? Long.MIN_VALUE : record.updatedAt().getEpochSecond();
    updatedNanos = record.updatedAt() == null ? 0 : record.updatedAt().getNano();
    version = record.version();
    birthDay = record.birthDate() == null ? Long.MIN_VALUE : record.birthDate().toEpochDay();
    changeDay = record.changeOn() == null ? Long.MIN_VALUE : record.changeOn().toEpochDay();
    sex = record.sex() == null ? NONE : (byte) record.sex().ordinal();
    municipality =
        record.municipality() == null
            ? null
            : MUNICIPALITIES.computeIfAbsent(
                record.municipality().value(), code -> record.municipality());
    text =
        pack(
            record.residentCode(),
            record.myNumber(),
            record.nameKanji(),
            record.nameKana(),
            record.addressRest(),
            record.status(),
            record.changeKind(),
            record.changeReason());
  }

  static PackedIdentity of(IdentityRecord record) {
    return new PackedIdentity(record);
  }

  long personId() {
    return personId;
  }

  IdentityRecord unpack() {
    String[] fields = unpack(text, 8);
    return new IdentityRecord(
        personId,
        municipality,
        fields[0],
        fields[1],
        fields[2],
        fields[3],
        birthDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(birthDay),
        sex == NONE ? null : SEXES[sex],
        fields[4],
        fields[5],
        version,
        updatedSeconds == Long.MIN_VALUE
            ? null
            : Instant.ofEpochSecond(updatedSeconds, updatedNanos),
        fields[6],
        fields[7],
        changeDay == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(changeDay));
  }

  /** Each text as its UTF-8 length (two bytes; 0xFFFF for null), then its bytes. */
  private static byte[] pack(String... texts) {
    byte[][] encoded = new byte[texts.length][];
    int size = 0;
    for (int i = 0; i < texts.length; i++) {
      encoded[i] = texts[i] == null ? null : texts[i].getBytes(StandardCharsets.UTF_8);
      if (encoded[i] != null && encoded[i].length >= 0xFFFF) {
        throw new IllegalArgumentException("a field of " + encoded[i].length + " bytes");
      }
      size += 2 + (encoded[i] == null ? 0 : encoded[i].length);
    }
    byte[] packed = new byte[size];
    int at = 0;
    for (byte[] field : encoded) {
      int length = field == null ? 0xFFFF : field.length;
      packed[at++] = (byte) (length >>> 8);
      packed[at++] = (byte) length;
      if (field != null) {
        System.arraycopy(field, 0, packed, at, field.length);
        at += field.length;
      }
    }
    return packed;
  }

  private static String[] unpack(byte[] packed, int count) {
    String[] texts = new String[count];
    int at = 0;
    for (int i = 0; i < count; i++) {
      int length = ((packed[at] & 0xFF) << 8) | (packed[at + 1] & 0xFF);
      at += 2;
      if (length != 0xFFFF) {
        texts[i] = new String(packed, at, length, StandardCharsets.UTF_8);
        at += length;
      }
    }
    return texts;
  }
}
