package jp.jukihub.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** A complete answer held before it is sent, so its bytes can be hashed into the audit trail. */
record Answer(int status, String contentType, Buffer body) {
  static Answer json(int status, JsonObject json) {
    return new Answer(status, "application/json", json.toBuffer());
  }

  void send(HttpServerResponse response) {
    response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
  }
}
