package jp.jukihub.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** A complete answer held before it is sent, so its bytes can be hashed into the audit trail. */
public record Answer(int status, String contentType, Buffer body) {
  public static Answer json(int status, JsonObject json) {
    return new Answer(status, "application/json", json.toBuffer());
  }

  public void send(HttpServerResponse response) {
    response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
  }
}
