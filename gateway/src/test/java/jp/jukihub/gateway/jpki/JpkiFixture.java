package jp.jukihub.gateway.jpki;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import jp.jukihub.person.Sex;

/** Both JPKI CAs, made in a test's directory, and an issuer over them. */
record JpkiFixture(JpkiAuthority sign, JpkiAuthority auth, CertificateIssuer issuer) {
  static final String BASE_URL = "http://127.0.0.1:8080";
  static final CardHolder HOLDER =
      new CardHolder("山田\u3000花子", Sex.FEMALE, LocalDate.of(1985, 4, 12), "東京都千代田区本町3丁目12番5号");

  static JpkiFixture in(Path directory) {
    JpkiAuthority sign =
        JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
    JpkiAuthority auth =
        JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.AUTH, Clock.systemUTC());
    return new JpkiFixture(sign, auth, new CertificateIssuer(sign, auth, BASE_URL));
  }

  JpkiAuthority authority(JpkiAuthority.Type type) {
    return type == JpkiAuthority.Type.SIGN ? sign : auth;
  }
}
