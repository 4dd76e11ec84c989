package jp.jukihub.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  @TempDir Path directory;

  @Test
  void should_create_an_owner_only_key_once_and_read_the_same_key_after() throws Exception {
    Path file = directory.resolve("keys").resolve("audit.key");
    byte[] created = KeyFile.loadOrCreate(file, 32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(KeyFile.loadOrCreate(file, 32)).isEqualTo(created);
    assertThat(Files.list(file.getParent())).as("no temporary file left behind").containsExactly(file);
  }

  @Test
  void should_give_every_concurrent_caller_the_same_key() {
    Path file = directory.resolve("raced.key");
    List<CompletableFuture<byte[]>> callers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      callers.add(CompletableFuture.supplyAsync(() -> KeyFile.loadOrCreate(file, 32)));
    }
    byte[] first = callers.get(0).join();
    callers.forEach(caller -> assertThat(caller.join()).isEqualTo(first));
  }

  @Test
  void should_refuse_a_key_file_of_the_wrong_length() throws Exception {
    Path file = directory.resolve("short.key");
    Files.writeString(file, "abcd\n");
    assertThatThrownBy(() -> KeyFile.loadOrCreate(file, 32)).hasMessageContaining("holds 2 bytes, expected 32");
  }
}
