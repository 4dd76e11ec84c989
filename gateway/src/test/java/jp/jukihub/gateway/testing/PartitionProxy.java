package jp.jukihub.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on loopback that a test can partition: while {@link #partition() partitioned} no byte
 * crosses in either direction (new connections are taken but get nothing through), as on a network
 * that drops every packet; once {@link #heal() healed} what was held goes on, as TCP retransmits
 * after a partition. Used instead of a network namespace with {@code tc}: a namespace needs the
 * server started inside it, and {@code tc} on the shared loopback would touch every other process
 * on the machine.
 */
public final class PartitionProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition healed = lock.newCondition();
  private volatile boolean partitioned;
  private volatile boolean closed;

  private PartitionProxy(ServerSocket listener, String upstreamHost, int upstreamPort) {
    this.listener = listener;
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
  }

  /** Starts a proxy on a free loopback port to {@code host}:{@code port}. */
  public static PartitionProxy start(String host, int port) {
    try {
      PartitionProxy proxy =
          new PartitionProxy(
              new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), host, port);
      Thread accepter = new Thread(proxy::accept, "partition-proxy-accept");
      accepter.setDaemon(true);
      accepter.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** From now on nothing crosses. */
  public void partition() {
    partitioned = true;
  }

  /** Lets everything held, and everything after, cross again. */
  public void heal() {
    lock.lock();
    try {
      partitioned = false;
      healed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    heal();
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(upstreamHost, upstreamPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  awaitHealed();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException ended) {
                // one side closed: close the other
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            },
            "partition-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitHealed() throws InterruptedException {
    if (!partitioned) {
      return;
    }
    lock.lock();
    try {
      while (partitioned) {
        healed.await();
      }
    } finally {
      lock.unlock();
    }
  }
}
