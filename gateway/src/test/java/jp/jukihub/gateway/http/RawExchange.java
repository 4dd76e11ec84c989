package jp.jukihub.gateway.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One request written as raw bytes on a fresh connection, and whatever came back until the hub
 * closed it: for requests no HTTP client would send. {@code status} is -1 when nothing came back,
 * and {@code hung} says the hub neither answered nor closed within the wait.
 */
record RawExchange(String answer, long millis, boolean hung) {
  static RawExchange send(int port, byte[] request, int waitMillis) throws IOException {
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(waitMillis);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      boolean hung = false;
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        hung = true;
      } catch (IOException e) {
        // reset by the hub after its answer, or while we still wrote: what came back counts
      }
      return new RawExchange(
          withoutInterim(answer.toString(StandardCharsets.ISO_8859_1)),
          (System.nanoTime() - start) / 1_000_000,
          hung);
    }
  }

  /** The final answer: a "100 Continue" before it is left out. */
  private static String withoutInterim(String answer) {
    while (answer.startsWith("HTTP/1.1 1") && answer.contains("\r\n\r\n")) {
      answer = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
    return answer;
  }

  static RawExchange send(int port, String request, int waitMillis) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1), waitMillis);
  }

  int status() {
    if (!answer.startsWith("HTTP/1.")) {
      return -1;
    }
    int space = answer.indexOf(' ');
    return Integer.parseInt(answer.substring(space + 1, space + 4));
  }

  String statusLine() {
    int end = answer.indexOf("\r\n");
    return end < 0 ? answer : answer.substring(0, end);
  }

  Optional<String> header(String name) {
    int end = answer.indexOf("\r\n\r\n");
    String head = end < 0 ? answer : answer.substring(0, end);
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return Optional.of(line.substring(colon + 1).trim());
      }
    }
    return Optional.empty();
  }

  String body() {
    int end = answer.indexOf("\r\n\r\n");
    return end < 0 ? "" : answer.substring(end + 4);
  }

  /** The problem's JSON, when the answer is problem+json whose body parses. */
  Optional<JsonObject> problem() {
    if (!header("Content-Type")
        .orElse("")
        .toLowerCase(Locale.ROOT)
        .startsWith(ProblemResponder.CONTENT_TYPE)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new JsonObject(
              new String(body().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
    } catch (DecodeException e) {
      return Optional.empty();
    }
  }
}
