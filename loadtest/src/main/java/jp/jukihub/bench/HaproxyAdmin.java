package jp.jukihub.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** HAProxy's admin socket (a stats socket at level admin): one command per connection. */
public final class HaproxyAdmin {
  private final Path socket;

  public HaproxyAdmin(Path socket) {
    this.socket = socket;
  }

  /** A command that answers nothing when it succeeds ("disable server b/s"); else it fails. */
  public void run(String command) throws IOException {
    String said = ask(command);
    if (!said.isBlank()) {
      throw new IOException("HAProxy refused '" + command + "': " + said.strip());
    }
  }

  /** A command and its whole answer ("show stat"). */
  public String ask(String command) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(1 << 20);
      while (channel.read(answer) >= 0 && answer.hasRemaining()) {
        // HAProxy answers and closes
      }
      return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
    }
  }
}
