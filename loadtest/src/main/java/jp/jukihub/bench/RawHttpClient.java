package jp.jukihub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 for a load generator: C keep-alive connections, requests written as
 * ready-made bytes, one in flight per connection, the rest waiting in one queue for the next free
 * connection; an answer is its status and a body of {@code Content-Length} bytes. Vert.x's
 * HttpClient costs 60-80 µs of CPU per request on this machine, as much as the Java side of a
 * lookup, which on two cores would be taken from the server under test; this costs a fraction.
 * All of it runs on the event loop that connected it.
 */
final class RawHttpClient {
  /** The answer's status, or -1 when the connection failed before it came. */
  interface Answered {
    void handle(int status);
  }

  private record Waiting(Buffer request, Answered answered) {}

  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();

  private RawHttpClient() {}

  /** Opens {@code connections} connections to 127.0.0.1:{@code port}; call from an event loop. */
  static Future<RawHttpClient> connect(Vertx vertx, int port, int connections) {
    RawHttpClient client = new RawHttpClient();
    NetClient net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    List<Future<NetSocket>> sockets = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      sockets.add(net.connect(port, "127.0.0.1"));
    }
    return Future.all(sockets)
        .map(
            all -> {
              for (int i = 0; i < connections; i++) {
                client.idle.add(client.new Connection(all.resultAt(i)));
              }
              return client;
            });
  }

  /** Sends at once if a connection is free, else when one is. */
  void send(Buffer request, Answered answered) {
    Connection free = idle.poll();
    if (free == null) {
      queue.add(new Waiting(request, answered));
    } else {
      free.write(request, answered);
    }
  }

  /** Requests not yet written: all connections were busy. */
  int queued() {
    return queue.size();
  }

  private final class Connection {
    private final NetSocket socket;
    private final RecordParser parser;
    private Answered inFlight;
    private int status;
    private boolean closed;

    Connection(NetSocket socket) {
      this.socket = socket;
      this.parser = RecordParser.newDelimited("\r\n\r\n", this::record);
      socket.handler(parser);
      socket.closeHandler(v -> fail());
      socket.exceptionHandler(e -> socket.close());
    }

    void write(Buffer request, Answered answered) {
      if (closed) {
        answered.handle(-1);
        return;
      }
      inFlight = answered;
      socket.write(request);
    }

    /** The head of an answer (delimited mode), then its body (fixed-size mode). */
    private void record(Buffer record) {
      if (status == 0) {
        String head = record.toString(StandardCharsets.ISO_8859_1);
        status = Integer.parseInt(head.substring(9, 12));
        int length = contentLength(head);
        if (length > 0) {
          parser.fixedSizeMode(length);
          return;
        }
      } else {
        parser.delimitedMode("\r\n\r\n");
      }
      Answered done = inFlight;
      int answeredStatus = status;
      inFlight = null;
      status = 0;
      next();
      done.handle(answeredStatus);
    }

    private void next() {
      Waiting waiting = queue.poll();
      if (waiting == null) {
        idle.add(this);
      } else {
        write(waiting.request(), waiting.answered());
      }
    }

    private void fail() {
      closed = true;
      idle.remove(this);
      if (inFlight != null) {
        Answered lost = inFlight;
        inFlight = null;
        lost.handle(-1);
      }
    }

    private static int contentLength(String head) {
      int at = head.toLowerCase(Locale.ROOT).indexOf("\ncontent-length:");
      if (at < 0) {
        throw new IllegalStateException("an answer without Content-Length: " + head);
      }
      int end = head.indexOf('\r', at + 1);
      return Integer.parseInt(head.substring(at + 16, end < 0 ? head.length() : end).trim());
    }
  }
}
