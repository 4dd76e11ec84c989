package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import java.math.BigInteger;

/**
 * Where the OCSP responder learns a certificate's status: held pre-signed responses for the hot
 * path, the pre-signed responses kept in the certificate store when none is held, and the store's
 * word on the status for everything else.
 */
public interface OcspStatusSource {
  /**
   * The pre-signed OCSPResponse held for this serial, or null when none is held. Called on the
   * event loop: no I/O, no blocking. The bytes are served as they are and must not change after
   * they are handed out.
   */
  byte[] presigned(JpkiAuthority.Type type, long serial);

  /**
   * The pre-signed OCSPResponse the store keeps for this serial, when none is held: null when the
   * store keeps none that states the certificate's status now. Completes off the event loop's work;
   * the bytes, as those of {@link #presigned}, are served as they are.
   */
  Future<byte[]> stored(JpkiAuthority.Type type, long serial);

  /**
   * The store's answer for this serial; {@link CertificateStatus#unknown()} when it issued no such
   * certificate.
   */
  Future<CertificateStatus> status(JpkiAuthority.Type type, BigInteger serial);
}
