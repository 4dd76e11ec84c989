package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.CertificateState;

/**
 * The OCSP answers J-LIS signed ahead, held in memory per CA, and the store's word on any other
 * certificate. The responder's hot path is one map read here; the publisher replaces an answer as
 * soon as it re-signs one (revocation, refresh). Every certificate still valid is held: about 400
 * bytes each.
 */
public final class PresignedAnswers implements OcspStatusSource {
  private static final BigInteger MAX_SERIAL = BigInteger.valueOf(Long.MAX_VALUE);

  private final Map<JpkiAuthority.Type, Map<Long, byte[]>> byType =
      new EnumMap<>(JpkiAuthority.Type.class);
  private final CertificateRecords records;

  public PresignedAnswers(CertificateRecords records) {
    this.records = records;
    for (JpkiAuthority.Type type : JpkiAuthority.Type.values()) {
      byType.put(type, new ConcurrentHashMap<>());
    }
  }

  @Override
  public byte[] presigned(JpkiAuthority.Type type, long serial) {
    return byType.get(type).get(serial);
  }

  public void put(JpkiAuthority.Type type, long serial, byte[] answer) {
    byType.get(type).put(serial, answer);
  }

  public void putIfAbsent(JpkiAuthority.Type type, long serial, byte[] answer) {
    byType.get(type).putIfAbsent(serial, answer);
  }

  public int size() {
    return byType.values().stream().mapToInt(Map::size).sum();
  }

  /** What the store says now; a serial we never issued (or of the other CA) is unknown. */
  @Override
  public Future<CertificateStatus> status(JpkiAuthority.Type type, BigInteger serial) {
    if (serial.signum() <= 0 || serial.compareTo(MAX_SERIAL) > 0) {
      return Future.succeededFuture(CertificateStatus.unknown());
    }
    return records
        .find(serial.longValue())
        .map(
            found ->
                found
                    .filter(state -> state.type().equals(type.label()))
                    .map(PresignedAnswers::status)
                    .orElse(CertificateStatus.unknown()));
  }

  static CertificateStatus status(CertificateState state) {
    return state
        .revocation()
        .map(revocation -> CertificateStatus.revoked(revocation.revokedAt(), revocation.reason()))
        .orElse(CertificateStatus.good());
  }
}
