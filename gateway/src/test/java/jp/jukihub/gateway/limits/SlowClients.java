package jp.jukihub.gateway.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Many clients that hold connections without finishing a request: idle ones that send nothing, and
 * trickling ones that send a request's head and then its body one byte at a time. Plain NIO: one
 * thread reads every socket (what the hub answers, and when it closes), one writes the trickles.
 */
final class SlowClients implements AutoCloseable {
  /** One connection as the client saw it. */
  static final class Client {
    final String from;
    final boolean trickling;
    final long openedNanos;
    final SocketChannel channel;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    volatile long closedNanos;

    Client(String from, boolean trickling, SocketChannel channel) {
      this.from = from;
      this.trickling = trickling;
      this.channel = channel;
      this.openedNanos = System.nanoTime();
    }

    boolean closed() {
      return closedNanos != 0;
    }

    /** How long the hub held the connection, in milliseconds. */
    long livedMillis() {
      return TimeUnit.NANOSECONDS.toMillis(closedNanos - openedNanos);
    }

    String answer() {
      synchronized (received) {
        return received.toString(StandardCharsets.ISO_8859_1);
      }
    }
  }

  private final int port;
  private final Selector selector;
  private final Thread reader;
  private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  SlowClients(int port) throws IOException {
    this.port = port;
    this.selector = Selector.open();
    this.reader = new Thread(this::read, "slow-clients-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code count} connections from {@code from} (a loopback address) that send nothing. */
  List<Client> idle(String from, int count) throws IOException {
    List<Client> opened = new CopyOnWriteArrayList<>();
    for (int i = 0; i < count; i++) {
      opened.add(open(from, null));
    }
    return opened;
  }

  /**
   * Opens {@code count} connections from {@code from} that send {@code head} (announcing a longer
   * body) and then one byte of body every {@code everyMillis}.
   */
  List<Client> trickle(String from, int count, String head, long everyMillis) throws IOException {
    List<Client> opened = new CopyOnWriteArrayList<>();
    for (int i = 0; i < count; i++) {
      opened.add(open(from, head));
    }
    trickler.scheduleAtFixedRate(
        () -> opened.forEach(SlowClients::oneByte),
        everyMillis,
        everyMillis,
        TimeUnit.MILLISECONDS);
    return opened;
  }

  List<Client> all() {
    return clients;
  }

  private Client open(String from, String head) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.bind(new InetSocketAddress(from, 0));
    channel.connect(new InetSocketAddress("127.0.0.1", port));
    Client client = new Client(from, head != null, channel);
    if (head != null) {
      ByteBuffer bytes = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
    channel.configureBlocking(false);
    clients.add(client);
    channel.register(selector, SelectionKey.OP_READ, client);
    selector.wakeup();
    return client;
  }

  private static void oneByte(Client client) {
    if (client.closed()) {
      return;
    }
    try {
      client.channel.write(ByteBuffer.wrap(new byte[] {' '}));
    } catch (IOException e) {
      // closed by the hub: the reader records it
    }
  }

  private void read() {
    ByteBuffer buffer = ByteBuffer.allocate(8_192);
    while (running) {
      try {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Client client = (Client) key.attachment();
          int read;
          buffer.clear();
          try {
            read = client.channel.read(buffer);
          } catch (IOException e) {
            read = -1; // reset by the hub: closed all the same
          }
          if (read < 0) {
            client.closedNanos = System.nanoTime();
            key.cancel();
            client.channel.close();
          } else if (read > 0) {
            synchronized (client.received) {
              client.received.write(buffer.array(), 0, read);
            }
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (running) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    trickler.shutdownNow();
    selector.wakeup();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Client client : clients) {
      client.channel.close();
    }
    selector.close();
  }
}
