package jp.jukihub.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the API's OpenAPI 3.1 description, loaded once, served as is. */
final class OpenApiDescription {
  static final String PATH = "/openapi.yaml";
  static final String RESOURCE = "/jp/jukihub/gateway/openapi.yaml";

  private final Buffer yaml;

  private OpenApiDescription(Buffer yaml) {
    this.yaml = yaml;
  }

  static OpenApiDescription load() {
    try (InputStream in = OpenApiDescription.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the OpenAPI description " + RESOURCE + " is missing from the build");
      }
      return new OpenApiDescription(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void serve(RoutingContext routing) {
    routing.response().putHeader("Content-Type", "application/yaml").end(yaml);
  }
}
