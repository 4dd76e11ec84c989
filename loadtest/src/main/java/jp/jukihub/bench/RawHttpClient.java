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
 * connection; an answer is its status and a body of {@code Content-Length} bytes (none for 204 and
 * 304; anything else, chunked say, fails its connection). A request that no connection is left to
 * carry fails at once. All of it runs on the event loop that connected it.
 *
 * <p>Why not Vert.x's HttpClient: on two cores the load generator's CPU is taken from the server
 * under test, and here the HttpClient, paced from another thread, took 0.23-0.27 core at
 * 2,400-3,700 requests a second; this, paced on its own event loop, 0.12-0.17 (most of what is left
 * is the system calls, one write and one read a request).
 */
final class RawHttpClient {
  /** The answer's status, or -1 when the connection failed before it came. */
  interface Answered {
    void handle(int status);
  }

  private record Waiting(Buffer request, Answered answered) {}

  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private int open;

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
              client.open = connections;
              return client;
            });
  }

  /** Sends at once if a connection is free, else when one is. */
  void send(Buffer request, Answered answered) {
    if (open == 0) {
      answered.handle(-1);
      return;
    }
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
      if (closed) {
        return;
      }
      try {
        read(record);
      } catch (RuntimeException e) {
        // Not an answer this client understands (chunked, say): nothing more can be read from this
        // connection, so what it carries fails now, not when the close comes round.
        fail();
        socket.close();
      }
    }

    private void read(Buffer record) {
      if (status == 0) {
        String head = record.toString(StandardCharsets.ISO_8859_1);
        status = Integer.parseInt(head.substring(9, 12));
        int length = contentLength(status, head);
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
      if (closed) {
        return;
      }
      closed = true;
      open--;
      idle.remove(this);
      if (inFlight != null) {
        Answered lost = inFlight;
        inFlight = null;
        lost.handle(-1);
      }
      while (open == 0 && !queue.isEmpty()) {
        queue.poll().answered().handle(-1);
      }
    }

    private static int contentLength(int status, String head) {
      if (status == 204 || status == 304) {
        return 0;
      }
      int at = head.toLowerCase(Locale.ROOT).indexOf("\ncontent-length:");
      if (at < 0) {
        throw new IllegalStateException("an answer without Content-Length: " + head);
      }
      int end = head.indexOf('\r', at + 1);
      return Integer.parseInt(head.substring(at + 16, end < 0 ? head.length() : end).trim());
    }
  }
}
