package jp.jukihub.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.tls.BodyCertificateAuthority;
import jp.jukihub.gateway.tls.Pem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hub card}: the card reader app (カード読取アプリ) of the demo. A browser cannot reach the card;
 * the app signs the challenge My Portal's page shows with the card's user-authentication key and
 * sends it, with the certificate, to the portal, which then logs the page in.
 */
@Command(
    name = "card",
    description = "The demo's card reader app: log in to My Portal with an issued card.",
    subcommands = {CardCommand.Login.class})
final class CardCommand extends CommandGroup {
  private static final String PREFIX = "jukihub-portal-login:";

  @Command(
      name = "login",
      description =
          "Sign the code My Portal's log-in page shows with the card, and send it to the portal.")
  static final class Login implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption config;

    @Option(
        names = "--card",
        required = true,
        description = "the card: the JSON answer of its issuance (POST .../certificates)")
    Path card;

    @Option(
        names = "--pin",
        required = true,
        description = "the passphrase of the demo card's auth bundle (its authPin at issuance)")
    String pin;

    @Option(
        names = "--portal",
        description = "the portal's address (default: https://<portal.host>:<portal.port>)")
    String portal;

    @Parameters(paramLabel = "CODE", description = "the code the log-in page shows")
    String code;

    @Override
    public Integer call() throws Exception {
      HubOptions options = config.load();
      if (!code.startsWith(PREFIX) || code.indexOf('.') < 0) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "CODE: the whole code the log-in page shows (" + PREFIX + "...)");
      }
      String id = code.substring(PREFIX.length(), code.indexOf('.'));
      JsonObject auth = new JsonObject(Files.readString(card)).getJsonObject("auth");
      if (auth == null || auth.getString("pkcs12") == null) {
        throw new IllegalArgumentException(
            card
                + " holds no demo card (its auth.pkcs12 is missing: a card issued from its own"
                + " requests keeps its key on the card)");
      }
      char[] secret = pin.toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      try {
        store.load(
            new ByteArrayInputStream(Base64.getDecoder().decode(auth.getString("pkcs12"))), secret);
        String alias = store.aliases().nextElement();
        PrivateKey key = (PrivateKey) store.getKey(alias, secret);
        X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(code.getBytes(StandardCharsets.US_ASCII));
        String answer =
            new JsonObject()
                .put("certificate", Pem.certificate(certificate))
                .put("signature", Base64.getEncoder().encodeToString(signer.sign()))
                .encode();
        String base =
            portal != null
                ? portal
                : "https://"
                    + options.portal().listener().host()
                    + ":"
                    + options.portal().listener().port();
        HttpResponse<String> sent =
            client(options.tls().caCertFile())
                .send(
                    HttpRequest.newBuilder(
                            URI.create(base + "/portal/login/challenges/" + id + "/signature"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(answer))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        if (sent.statusCode() == 204) {
          spec.commandLine().getOut().println("card: signed; the page logs you in");
          return 0;
        }
        spec.commandLine()
            .getErr()
            .println("card: the portal refused (" + sent.statusCode() + "): " + sent.body());
        return 1;
      } finally {
        Arrays.fill(secret, '\0');
      }
    }

    /** Trusts the hub's body CA, which issued the server certificate the portal presents. */
    private static HttpClient client(Path bodyCa) throws Exception {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      List<X509Certificate> cas = BodyCertificateAuthority.trustedIn(bodyCa);
      for (int i = 0; i < cas.size(); i++) {
        trusted.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return HttpClient.newBuilder().sslContext(tls).build();
    }
  }
}
