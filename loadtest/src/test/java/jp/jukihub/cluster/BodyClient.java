package jp.jukihub.cluster;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import jp.jukihub.bench.BodyCertificate;

/**
 * One body's mutual-TLS client, with the certificate {@code hub bodies issue-cert} made for it
 * (BODY.crt, BODY.key, ca.crt in {@code certificates}): the same client reaches any node directly
 * or through HAProxy, whose TCP passthrough leaves the TLS session to the node.
 */
final class BodyClient {
  final String body;
  private final HttpClient http;

  private final SSLContext tls;

  BodyClient(String body, Path certificates) throws Exception {
    this(body, BodyCertificate.tls(certificates, body));
  }

  private BodyClient(String body, SSLContext tls) {
    this.body = body;
    this.tls = tls;
    http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * The same body on connections of its own: none that an earlier phase left idle, and that the
   * hub's idle timeout or a HAProxy reload may have closed meanwhile, is reused.
   */
  BodyClient withNewConnections() {
    return new BodyClient(body, tls);
  }

  /** A request to {@code port} on loopback, answered (any status). */
  HttpResponse<String> send(int port, String method, String path, String json, String requestId)
      throws Exception {
    HttpRequest.Builder request =
        request(
            port,
            method,
            path,
            json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json),
            json == null ? null : "application/json");
    if (requestId != null) {
      request.header("X-Request-Id", requestId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON call that must answer {@code expected}; its body. */
  JsonObject call(int port, String method, String path, String json, int expected)
      throws Exception {
    HttpResponse<String> answer = send(port, method, path, json, null);
    if (answer.statusCode() != expected) {
      throw new AssertionError(
          body
              + " "
              + method
              + " "
              + path.replaceAll("[0-9]{6,}", "…")
              + " answered "
              + answer.statusCode()
              + ", not "
              + expected
              + ": "
              + answer.body());
    }
    return new JsonObject(answer.body());
  }

  /** Bytes in and out ({@code application/ocsp-request}, a CRL): status and body. */
  HttpResponse<byte[]> binary(int port, String method, String path, byte[] body, String type)
      throws Exception {
    return http.send(
        request(
                port,
                method,
                path,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body),
                type)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest.Builder request(
      int port, String method, String path, HttpRequest.BodyPublisher body, String type) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .header("X-Jukihub-Operator", "cluster-it")
            .method(method, body);
    if (type != null) {
      request.header("Content-Type", type);
    }
    if (!method.equals("GET")) { // the register's writes ask for one; others ignore it
      request.header("Idempotency-Key", java.util.UUID.randomUUID().toString());
    }
    return request;
  }
}
