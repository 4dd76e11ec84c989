package jp.jukihub.gateway.provision;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The provision ITs' calls to a hub with development identity, over real HTTP. */
final class ProvisionClient {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int port;

  ProvisionClient(int port) {
    this.port = port;
  }

  /** A JSON request (or none, when {@code json} is null) from {@code body}. */
  HttpResponse<String> send(String body, String method, String path, String json) throws Exception {
    return send(body, method, path, "application/json", json, Map.of());
  }

  HttpResponse<String> send(
      String body,
      String method,
      String path,
      String contentType,
      String payload,
      Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Jukihub-Body", body)
            .header("X-Jukihub-Operator", "officer-1")
            .header("Content-Type", contentType)
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                payload == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(payload));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET on the hub's ops port ({@code /health/ready}, {@code /metrics}). */
  static HttpResponse<String> ops(int opsPort, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST /v1/provision/tokens} for the person {@code myNumber} names. */
  HttpResponse<String> acquire(String body, String acquisition, String myNumber, String uan)
      throws Exception {
    return send(
        body,
        "POST",
        "/v1/provision/tokens",
        new JsonObject()
            .put("acquisitionNumber", acquisition)
            .put("myNumber", myNumber)
            .put("unifiedAddressNumber", uan)
            .encode());
  }
}
