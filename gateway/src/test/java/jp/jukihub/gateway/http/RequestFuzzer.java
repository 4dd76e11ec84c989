package jp.jukihub.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Malformed requests for a route ("POST /v1/things/{id}"), as raw bytes: a wrong method or HTTP
 * version, path parameters and query strings of odd bytes, broken escapes and planted numbers,
 * headers missing, doubled or nonsensical, bodies of the wrong type, shape or length. Each request
 * ends its head and asks for the connection to close, so every one has an answer to check; one in
 * two hundred promises more body than it sends (the body deadline's case).
 */
final class RequestFuzzer {
  private static final String[] METHODS = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get"
  };
  private static final String[] VERSIONS = {"HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "HTTP/1.1x"};
  private static final String[] CALLERS = {
    "jps", "nta", "lg-131016", "pref-13", "jlis", "bank-demo", "auditor", "portal", "nobody", ""
  };
  private static final String[] TYPES = {
    "application/json",
    "application/x-ndjson",
    "application/ocsp-request",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "",
    "\u00ff\u00fe",
  };
  private static final String[] FIELDS = {
    "affair", "myNumber", "nameKana", "birthDate", "lgCode", "residentCode", "fields", "item",
    "copy", "acquisitionNumber", "unifiedAddressNumber", "reason", "query", "lines", "from", "to",
    "serial", "certificate", "pin", "household", "status"
  };

  private RequestFuzzer() {}

  static byte[] request(Random random, List<String> routes, int port, String planted) {
    String route = routes.get(random.nextInt(routes.size()));
    int space = route.indexOf(' ');
    String method = random.nextInt(5) == 0 ? pick(random, METHODS) : route.substring(0, space);
    String target = path(random, route.substring(space + 1), planted);
    if (random.nextInt(3) == 0) {
      target += "?" + query(random, planted);
    }
    String version = random.nextInt(15) == 0 ? pick(random, VERSIONS) : "HTTP/1.1";
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(' ');
    head.append(version).append("\r\n");
    switch (random.nextInt(12)) {
      case 0 -> {} // no Host
      case 1 -> head.append("Host: ").append(garbage(random, 12)).append("\r\n");
      default -> head.append("Host: 127.0.0.1:").append(port).append("\r\n");
    }
    String caller = pick(random, CALLERS);
    if (!caller.isEmpty()) {
      head.append("X-Jukihub-Body: ").append(caller).append("\r\n");
    }
    switch (random.nextInt(6)) {
      case 0 -> {}
      case 1 -> head.append("X-Jukihub-Operator: ").append(planted).append("\r\n");
      case 2 -> head.append("X-Jukihub-Operator: ").append(garbage(random, 8)).append("\r\n");
      default -> head.append("X-Jukihub-Operator: op-1\r\n");
    }
    if (random.nextInt(5) == 0) {
      head.append("X-Request-Id: ").append(random.nextBoolean() ? planted : garbage(random, 20));
      head.append("\r\n");
    }
    if (random.nextInt(8) == 0) {
      head.append("X-").append(planted).append(": 1\r\n");
    }
    if (random.nextInt(10) == 0) {
      head.append("Expect: ")
          .append(random.nextBoolean() ? "100-continue" : "bogus")
          .append("\r\n");
    }
    if (random.nextInt(4) != 0) {
      head.append("Content-Type: ").append(pick(random, TYPES)).append("\r\n");
    }
    byte[] body = body(random, planted).getBytes(StandardCharsets.UTF_8);
    int framing = random.nextInt(20);
    if (framing == 0) {
      head.append("Transfer-Encoding: chunked\r\n");
      String chunk = random.nextBoolean() ? Integer.toHexString(body.length) : "z" + body.length;
      return bytes(
          head, chunk + "\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n");
    }
    if (framing == 1) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("Content-Length: ").append(body.length + 1).append("\r\n");
    } else if (random.nextInt(200) == 0) {
      head.append("Content-Length: ").append(body.length + 10).append("\r\n");
    } else if (body.length > 0 || random.nextBoolean()) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    return bytes(head, new String(body, StandardCharsets.ISO_8859_1));
  }

  private static byte[] bytes(StringBuilder head, String body) {
    head.append("Connection: close\r\n\r\n").append(body);
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The route's path, each {param} replaced by something odd, now and then a broken escape. */
  private static String path(Random random, String template, String planted) {
    StringBuilder path = new StringBuilder();
    for (String part : template.split("/", -1)) {
      if (path.length() > 0 || !part.isEmpty()) {
        path.append('/');
      }
      path.append(part.startsWith("{") ? value(random, planted, true) : part);
    }
    if (random.nextInt(15) == 0) {
      path.append(random.nextBoolean() ? "/%zz" : "%");
    }
    return path.toString();
  }

  private static String query(Random random, String planted) {
    StringBuilder query = new StringBuilder();
    for (int i = random.nextInt(4); i >= 0; i--) {
      String name =
          switch (random.nextInt(4)) {
            case 0 -> planted;
            case 1 -> pick(random, new String[] {"from", "to", "limit", "cursor", "route", "body"});
            default -> pick(random, FIELDS);
          };
      query.append(i == 0 ? "" : "&").append(name).append('=').append(value(random, planted, true));
    }
    return query.toString();
  }

  /** A parameter or field value: the planted number, an extreme, an odd string. */
  private static String value(Random random, String planted, boolean escaped) {
    return switch (random.nextInt(9)) {
      case 0 -> planted;
      case 1 -> "-1";
      case 2 -> "99999999999999999999999";
      case 3 -> escaped ? "%2B999999999-12-31T23:59:59Z" : "+999999999-12-31T23:59:59Z";
      case 4 -> "";
      case 5 -> escaped ? "%E6%9D%B1%E4%BA%AC" : "東京";
      case 6 -> escaped ? "%00%0A%0D" : "\u0000\n";
      case 7 -> "a".repeat(random.nextInt(300));
      default -> garbage(random, 1 + random.nextInt(16)).replace("%", "%25").replace(" ", "%20");
    };
  }

  private static String body(Random random, String planted) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> garbage(random, random.nextInt(200));
      case 2 -> object(random, planted, 0).substring(0, 1 + random.nextInt(5)); // cut short
      case 3 -> "[" + object(random, planted, 0) + "]";
      case 4 ->
          object(random, planted, 0)
              + "\n"
              + garbage(random, 20)
              + "\n"
              + object(random, planted, 0);
      case 5 -> "{".repeat(200) + "}".repeat(200);
      default -> object(random, planted, 0);
    };
  }

  private static String object(Random random, String planted, int depth) {
    StringBuilder object = new StringBuilder("{");
    for (int i = random.nextInt(5); i >= 0; i--) {
      String name = random.nextInt(8) == 0 ? planted : pick(random, FIELDS);
      object.append('"').append(name).append("\":").append(json(random, planted, depth));
      object.append(i == 0 ? "" : ",");
    }
    return object.append('}').toString();
  }

  private static String json(Random random, String planted, int depth) {
    return switch (random.nextInt(depth > 2 ? 7 : 9)) {
      case 0 -> "\"" + planted + "\"";
      case 1 -> "null";
      case 2 -> "true";
      case 3 -> String.valueOf(random.nextLong());
      case 4 -> "1e400";
      case 5 -> "\"" + value(random, planted, false).replace("\\", "").replace("\"", "") + "\"";
      case 6 -> "\"t1-national-tax\"";
      case 7 -> object(random, planted, depth + 1);
      default ->
          "[" + json(random, planted, depth + 1) + "," + json(random, planted, depth + 1) + "]";
    };
  }

  private static String garbage(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (0x21 + random.nextInt(0x5e))); // printable ASCII, no space
    }
    return text.toString();
  }

  private static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
