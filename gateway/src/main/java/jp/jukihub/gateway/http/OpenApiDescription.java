package jp.jukihub.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.yaml}: the API's OpenAPI 3.1 description, loaded once, served as is. */
public final class OpenApiDescription {
  public static final String PATH = "/openapi.yaml";
  static final String RESOURCE = "/jp/jukihub/gateway/openapi.yaml";

  private final Buffer yaml;

  private OpenApiDescription(Buffer yaml) {
    this.yaml = yaml;
  }

  static OpenApiDescription load() {
    return load(RESOURCE);
  }

  /** Another listener's description (My Portal's), from the class path. */
  public static OpenApiDescription load(String resource) {
    try (InputStream in = OpenApiDescription.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "the OpenAPI description " + resource + " is missing from the build");
      }
      return new OpenApiDescription(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void serve(RoutingContext routing) {
    routing.response().putHeader("Content-Type", "application/yaml").end(yaml);
  }
}
