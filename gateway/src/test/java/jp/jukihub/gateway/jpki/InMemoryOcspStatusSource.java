package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A status source held in maps, for tests; counts the store lookups it is asked for. */
final class InMemoryOcspStatusSource implements OcspStatusSource {
  private record Key(JpkiAuthority.Type type, BigInteger serial) {}

  private final Map<Key, byte[]> presigned = new ConcurrentHashMap<>();
  private final Map<Key, byte[]> stored = new ConcurrentHashMap<>();
  private final Map<Key, CertificateStatus> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  InMemoryOcspStatusSource hold(JpkiAuthority.Type type, long serial, byte[] response) {
    presigned.put(new Key(type, BigInteger.valueOf(serial)), response);
    return this;
  }

  /** An answer the store keeps but the node does not hold. */
  InMemoryOcspStatusSource store(JpkiAuthority.Type type, long serial, byte[] response) {
    stored.put(new Key(type, BigInteger.valueOf(serial)), response);
    return this;
  }

  InMemoryOcspStatusSource know(JpkiAuthority.Type type, long serial, CertificateStatus status) {
    statuses.put(new Key(type, BigInteger.valueOf(serial)), status);
    return this;
  }

  int lookups() {
    return lookups.get();
  }

  @Override
  public byte[] presigned(JpkiAuthority.Type type, long serial) {
    return presigned.get(new Key(type, BigInteger.valueOf(serial)));
  }

  @Override
  public Future<byte[]> stored(JpkiAuthority.Type type, long serial) {
    lookups.incrementAndGet();
    return Future.succeededFuture(stored.get(new Key(type, BigInteger.valueOf(serial))));
  }

  @Override
  public Future<CertificateStatus> status(JpkiAuthority.Type type, BigInteger serial) {
    lookups.incrementAndGet();
    return Future.succeededFuture(
        statuses.getOrDefault(new Key(type, serial), CertificateStatus.unknown()));
  }
}
