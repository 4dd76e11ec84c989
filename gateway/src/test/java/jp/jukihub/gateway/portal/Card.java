package jp.jukihub.gateway.portal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import jp.jukihub.gateway.tls.Pem;

/**
 * A My Number card as the hub hands it out in tests: the user-authentication key and certificate
 * from the PKCS#12 bundle, under the card's PIN. It signs log-in challenges as the card reader app
 * would, and presents itself in TLS.
 */
record Card(
    String serial, PrivateKey key, X509Certificate certificate, KeyStore store, char[] pin) {
  static Card open(String serial, String base64Bundle, String pin) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(
        new ByteArrayInputStream(Base64.getDecoder().decode(base64Bundle)), pin.toCharArray());
    String alias = store.aliases().nextElement();
    return new Card(
        serial,
        (PrivateKey) store.getKey(alias, pin.toCharArray()),
        (X509Certificate) store.getCertificate(alias),
        store,
        pin.toCharArray());
  }

  KeyManager[] keyManagers() throws Exception {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, pin);
    return factory.getKeyManagers();
  }

  /** What the card reader app sends: the signature over the challenge's text, in base64. */
  String sign(String challenge) throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(challenge.getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  String certificatePem() {
    return Pem.certificate(certificate);
  }
}
