package jp.jukihub.gateway.jpki;

import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.gateway.jpki.DerReader.MalformedDer;

/**
 * Reads a DER OCSPRequest (RFC 6960 §4.1.1) into an {@link OcspQuery} and tells which of our CAs it
 * names. Never throws on input: whatever is not a well-formed request comes back as {@link
 * OcspQuery.Outcome#MALFORMED}. Thread-safe.
 *
 * <p>Hand-written over the buffer rather than through BouncyCastle's ASN.1 objects because it runs
 * on the event loop for every request, most of which end in a pre-signed answer: matching the
 * issuer compares bytes in place, and a matching CertID shares the CA's hash arrays.
 *
 * <p>Parts the responder does not use (requestorName, per-CertID extensions, the optional
 * signature) are checked for framing and skipped. A critical request extension other than the nonce
 * makes the request malformed, as RFC 5280's rule for unrecognised critical extensions asks.
 */
public final class OcspRequestParser {
  /**
   * More CertIDs than anyone checks at once would only multiply the store lookups of one request.
   */
  static final int MAX_CERT_IDS = 10;

  /** RFC 8954 nonces are at most 32 octets; their extnValue wraps them in an OCTET STRING. */
  static final int MAX_NONCE_LENGTH = 34;

  private static final byte[] NONCE_OID = {0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02};
  private static final int CONTEXT_0 = 0xA0;
  private static final int CONTEXT_1 = 0xA1;
  private static final int CONTEXT_2 = 0xA2;

  private final List<IssuerHashes> issuers;

  public OcspRequestParser(List<JpkiAuthority> authorities) {
    this.issuers = authorities.stream().map(IssuerHashes::new).toList();
  }

  public OcspQuery parse(Buffer der) {
    try {
      return read(new DerReader(der));
    } catch (MalformedDer e) {
      return OcspQuery.malformed(e.getMessage());
    } catch (RuntimeException e) {
      // The reader bounds every access, so this would be a bug; the caller still gets an answer.
      return OcspQuery.malformed("unreadable: " + e.getClass().getSimpleName());
    }
  }

  private OcspQuery read(DerReader der) throws MalformedDer {
    int requestEnd = der.enter(DerReader.SEQUENCE, der.length());
    if (requestEnd != der.length()) {
      throw new MalformedDer("trailing bytes after the request");
    }
    int tbsEnd = der.enter(DerReader.SEQUENCE, requestEnd);
    if (der.peekTag(tbsEnd) == CONTEXT_0) {
      readVersion(der, tbsEnd);
    }
    if (der.peekTag(tbsEnd) == CONTEXT_1) {
      der.skip(
          tbsEnd); // requestorName: only for signed requests, which we neither require nor check
    }
    List<CertId> certIds = readRequestList(der, tbsEnd);
    byte[] nonce = null;
    if (der.peekTag(tbsEnd) == CONTEXT_2) {
      nonce = readRequestExtensions(der, tbsEnd);
    }
    der.finish(tbsEnd);
    if (der.peekTag(requestEnd) == CONTEXT_0) {
      der.skip(requestEnd); // optionalSignature
    }
    der.finish(requestEnd);
    return match(certIds, nonce);
  }

  private static void readVersion(DerReader der, int parentEnd) throws MalformedDer {
    int end = der.enter(CONTEXT_0, parentEnd);
    int content = der.enter(DerReader.INTEGER, end);
    if (content - der.position() != 1 || der.byteAt(der.position()) != 0) {
      throw new MalformedDer("not a v1 request");
    }
    der.jump(content);
    der.finish(end);
  }

  private List<CertId> readRequestList(DerReader der, int parentEnd) throws MalformedDer {
    int listEnd = der.enter(DerReader.SEQUENCE, parentEnd);
    List<CertId> certIds = new ArrayList<>(1);
    while (der.more(listEnd)) {
      if (certIds.size() == MAX_CERT_IDS) {
        throw new MalformedDer("more than " + MAX_CERT_IDS + " CertIDs");
      }
      int requestEnd = der.enter(DerReader.SEQUENCE, listEnd);
      certIds.add(readCertId(der, requestEnd));
      if (der.peekTag(requestEnd) == CONTEXT_0) {
        der.skip(requestEnd); // singleRequestExtensions
      }
      der.finish(requestEnd);
    }
    if (certIds.isEmpty()) {
      throw new MalformedDer("no CertID");
    }
    return certIds;
  }

  private CertId readCertId(DerReader der, int end) throws MalformedDer {
    int certIdEnd = der.enter(DerReader.SEQUENCE, end);
    int algorithmEnd = der.enter(DerReader.SEQUENCE, certIdEnd);
    int oidEnd = der.enter(DerReader.OID, algorithmEnd);
    CertId.Hash hash = null;
    for (CertId.Hash candidate : CertId.Hash.values()) {
      if (der.contentEquals(oidEnd, candidate.oidContent())) {
        hash = candidate;
      }
    }
    der.jump(oidEnd);
    boolean nullParameters = der.peekTag(algorithmEnd) == DerReader.NULL;
    if (der.more(algorithmEnd)) {
      der.skip(algorithmEnd);
    }
    der.finish(algorithmEnd);

    int nameEnd = der.enter(DerReader.OCTET_STRING, certIdEnd);
    int nameStart = der.position();
    der.jump(nameEnd);
    int keyEnd = der.enter(DerReader.OCTET_STRING, certIdEnd);
    int keyStart = der.position();
    der.jump(keyEnd);
    BigInteger serial = readSerial(der, certIdEnd);
    der.finish(certIdEnd);

    IssuerHashes issuer =
        hash == null ? null : issuerOf(der, hash, nameStart, nameEnd, keyStart, keyEnd);
    CertId certId;
    if (issuer != null) {
      certId =
          new CertId(hash, nullParameters, issuer.nameHash(hash), issuer.keyHash(hash), serial);
    } else {
      der.jump(nameStart);
      byte[] name = der.content(nameEnd);
      der.jump(keyStart);
      certId = new CertId(hash, nullParameters, name, der.content(keyEnd), serial);
    }
    der.jump(certIdEnd);
    return certId;
  }

  private static BigInteger readSerial(DerReader der, int end) throws MalformedDer {
    int serialEnd = der.enter(DerReader.INTEGER, end);
    int length = serialEnd - der.position();
    if (length == 0 || length > 21) {
      throw new MalformedDer(
          "serial of " + length + " bytes"); // RFC 5280: at most 20 octets, plus a sign octet
    }
    if (length > 1) {
      byte first = der.byteAt(der.position());
      byte second = der.byteAt(der.position() + 1);
      if ((first == 0 && second >= 0) || (first == -1 && second < 0)) {
        throw new MalformedDer("serial not in its shortest form");
      }
    }
    BigInteger serial = new BigInteger(der.content(serialEnd));
    der.jump(serialEnd);
    return serial;
  }

  private IssuerHashes issuerOf(
      DerReader der, CertId.Hash hash, int nameStart, int nameEnd, int keyStart, int keyEnd) {
    for (IssuerHashes issuer : issuers) {
      der.jump(nameStart);
      if (!der.contentEquals(nameEnd, issuer.nameHash(hash))) {
        continue;
      }
      der.jump(keyStart);
      if (der.contentEquals(keyEnd, issuer.keyHash(hash))) {
        return issuer;
      }
    }
    return null;
  }

  /** Returns the nonce's extnValue content, or null when there is none. */
  private static byte[] readRequestExtensions(DerReader der, int parentEnd) throws MalformedDer {
    int wrapperEnd = der.enter(CONTEXT_2, parentEnd);
    int extensionsEnd = der.enter(DerReader.SEQUENCE, wrapperEnd);
    byte[] nonce = null;
    boolean sawNonce = false;
    while (der.more(extensionsEnd)) {
      int extensionEnd = der.enter(DerReader.SEQUENCE, extensionsEnd);
      int oidEnd = der.enter(DerReader.OID, extensionEnd);
      boolean isNonce = der.contentEquals(oidEnd, NONCE_OID);
      der.jump(oidEnd);
      boolean critical = false;
      if (der.peekTag(extensionEnd) == DerReader.BOOLEAN) {
        int booleanEnd = der.enter(DerReader.BOOLEAN, extensionEnd);
        if (booleanEnd - der.position() != 1) {
          throw new MalformedDer("BOOLEAN of other than one byte");
        }
        critical = der.byteAt(der.position()) != 0;
        der.jump(booleanEnd);
      }
      int valueEnd = der.enter(DerReader.OCTET_STRING, extensionEnd);
      if (isNonce) {
        if (sawNonce) {
          throw new MalformedDer("two nonces");
        }
        sawNonce = true;
        int length = valueEnd - der.position();
        // RFC 8954 lets a responder leave out a nonce it does not accept; an empty one is nothing
        // to echo.
        nonce = length > 0 && length <= MAX_NONCE_LENGTH ? der.content(valueEnd) : null;
      } else if (critical) {
        throw new MalformedDer("unrecognised critical extension");
      }
      der.jump(valueEnd);
      der.finish(extensionEnd);
    }
    der.finish(extensionsEnd);
    der.finish(wrapperEnd);
    return nonce;
  }

  private OcspQuery match(List<CertId> certIds, byte[] nonce) {
    JpkiAuthority.Type issuer = null;
    for (CertId certId : certIds) {
      JpkiAuthority.Type named = typeOf(certId);
      if (named == null) {
        return OcspQuery.notOurs(
            certIds,
            nonce,
            certId.hash() == null ? "a hash we do not answer for" : "another issuer");
      }
      if (issuer != null && issuer != named) {
        return OcspQuery.notOurs(
            certIds, nonce, "CertIDs of both CAs, which no one signer can answer");
      }
      issuer = named;
    }
    return new OcspQuery(OcspQuery.Outcome.OURS, issuer, certIds, nonce, null);
  }

  private JpkiAuthority.Type typeOf(CertId certId) {
    for (IssuerHashes issuer : issuers) {
      if (certId.issuedBy(issuer)) {
        return issuer.type();
      }
    }
    return null;
  }
}
