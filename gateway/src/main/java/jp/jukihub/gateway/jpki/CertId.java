package jp.jukihub.gateway.jpki;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * One CertID of an OCSP request (RFC 6960 §4.1.1): which issuer, by hashes of its name and key, and
 * which serial. A response must name it exactly as asked, so the form of the hash algorithm's
 * parameters (NULL or absent) is kept too.
 *
 * <p>{@code hash} is null when the request used a hash this responder does not answer for; such a
 * CertID names none of our CAs.
 *
 * <p>When the issuer is one of ours the hash arrays are the issuer's own precomputed ones, shared
 * rather than copied on the hot path: the accessors hand out copies.
 */
public record CertId(
    Hash hash,
    boolean nullParameters,
    byte[] issuerNameHash,
    byte[] issuerKeyHash,
    BigInteger serial) {
  /**
   * The hash algorithms this responder answers for: what clients send (openssl: SHA-1 by default).
   */
  public enum Hash {
    SHA1("SHA-1", 20, "1.3.14.3.2.26", new byte[] {0x2B, 0x0E, 0x03, 0x02, 0x1A}),
    SHA256(
        "SHA-256",
        32,
        "2.16.840.1.101.3.4.2.1",
        new byte[] {0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01});

    private final String jcaName;
    private final int length;
    private final String dottedOid;
    private final byte[] oid;

    Hash(String jcaName, int length, String dottedOid, byte[] oid) {
      this.jcaName = jcaName;
      this.length = length;
      this.dottedOid = dottedOid;
      this.oid = oid;
    }

    String jcaName() {
      return jcaName;
    }

    int length() {
      return length;
    }

    /** The OID's content octets, as they appear in DER after the tag and length. */
    byte[] oidContent() {
      return oid;
    }

    String dottedOid() {
      return dottedOid;
    }
  }

  @Override
  public byte[] issuerNameHash() {
    return issuerNameHash.clone();
  }

  @Override
  public byte[] issuerKeyHash() {
    return issuerKeyHash.clone();
  }

  boolean issuedBy(IssuerHashes issuer) {
    // Arrays.equals returns at once on the shared arrays the parser puts in.
    return hash != null
        && Arrays.equals(issuerNameHash, issuer.nameHash(hash))
        && Arrays.equals(issuerKeyHash, issuer.keyHash(hash));
  }

  /** Whether this serial can name a pre-signed response, which are held by {@code long} serial. */
  public boolean serialFitsLong() {
    return serial.signum() >= 0 && serial.bitLength() < Long.SIZE;
  }
}
