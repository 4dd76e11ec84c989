package jp.jukihub.gateway.jpki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.jukihub.number.CorporateNumber;

/**
 * Pairwise pseudonymous subject ids for user-authentication certificates: the same person always
 * gets the same id at one relying party, and ids at two parties cannot be linked without J-LIS's
 * key. A certificate's serial changes with each card and is shared by every party the holder shows
 * it to; this id is neither, so it cannot become a matching key across services.
 */
public final class PairwiseSubjects {
  private final SecretKeySpec key;

  public PairwiseSubjects(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  public String of(CorporateNumber party, long personId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(party.value().getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      mac.update(Long.toString(personId).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JVM", e);
    }
  }
}
