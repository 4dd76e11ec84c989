package jp.jukihub.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
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
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeyFile.loadOrCreate(file, 32)).isEqualTo(created);
    assertThat(Files.list(file.getParent()))
        .as("no temporary file left behind")
        .containsExactly(file);
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
    assertThatThrownBy(() -> KeyFile.loadOrCreate(file, 32))
        .hasMessageContaining("holds 2 bytes, expected 32");
  }

  @Test
  void should_never_replace_an_existing_secret_when_creating_one() throws Exception {
    Path file = directory.resolve("ca.key");
    KeyFile.createOwnerOnly(file, "first\n");
    assertThatThrownBy(() -> KeyFile.createOwnerOnly(file, "second\n"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(file)).isEqualTo("first\n");
    assertThat(Files.list(directory)).as("no temporary file left behind").containsExactly(file);
  }

  @Test
  void should_replace_a_secret_owner_only_when_asked_to() throws Exception {
    Path file = directory.resolve("server.key");
    Files.writeString(file, "old\n");
    KeyFile.replaceOwnerOnly(file, "new\n");
    assertThat(Files.readString(file)).isEqualTo("new\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.list(directory)).as("no temporary file left behind").containsExactly(file);
  }
}
