package jp.jukihub.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigLoaderTest {
  @TempDir Path directory;

  @Test
  void should_use_the_embedded_database_and_demo_ports_when_nothing_is_configured() {
    HubOptions options = HubConfigLoader.load(null, Map.of());
    assertThat(options.database().embedded()).isTrue();
    assertThat(options.database().embeddedDataDirectory()).isEqualTo(Path.of("data", "pg"));
    assertThat(options.http()).isEqualTo(new HubOptions.Listener("127.0.0.1", 8080));
    assertThat(options.ops()).isEqualTo(new HubOptions.Listener("127.0.0.1", 8081));
    assertThat(options.jlisNumberKeyFile()).isEqualTo(Path.of("data", "keys", "jlis-number.key"));
  }

  @Test
  void should_use_an_external_database_when_jukihub_pg_url_is_set() {
    HubOptions options =
        HubConfigLoader.load(
            null, Map.of("JUKIHUB_PG_URL", "postgresql://hub:secret@db.internal:6432/jukihub"));
    assertThat(options.database().embedded()).isFalse();
    assertThat(options.database().url())
        .isEqualTo("postgresql://hub:secret@db.internal:6432/jukihub");
  }

  @Test
  void should_let_the_environment_override_the_file_and_the_file_override_defaults()
      throws IOException {
    Path file = directory.resolve("hub.yaml");
    Files.writeString(file, "http:\n  port: 9090\n  instances: 1\nmetrics:\n  region: tokyo-1\n");
    HubOptions options = HubConfigLoader.load(file, Map.of("JUKIHUB_HTTP_PORT", "9191"));
    assertThat(options.http().port()).isEqualTo(9191);
    assertThat(options.apiInstances()).isEqualTo(1);
    assertThat(options.region()).isEqualTo("tokyo-1");
  }

  @Test
  void should_name_the_key_when_a_setting_is_wrong() throws IOException {
    Path typo = directory.resolve("typo.yaml");
    Files.writeString(typo, "http:\n  prot: 9090\n");
    assertThatThrownBy(() -> HubConfigLoader.load(typo, Map.of()))
        .hasMessageContaining("unknown key 'http.prot'");
    assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("JUKIHUB_OPS_PORT", "eighty")))
        .hasMessageContaining("ops.port must be a whole number");
    assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("JUKIHUB_HTTP_PORT", "70000")))
        .hasMessageContaining("port must be 0-65535");
    assertThatThrownBy(() -> HubConfigLoader.load(null, Map.of("JUKIHUB_REGION", "Tokyo East")))
        .hasMessageContaining("metrics.region");
    Path notYaml = directory.resolve("broken.yaml");
    Files.writeString(notYaml, "http: [unclosed\n");
    assertThatThrownBy(() -> HubConfigLoader.load(notYaml, Map.of()))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void should_read_the_operators_tables_when_the_registry_names_them() throws IOException {
    assertThat(HubConfigLoader.load(null, Map.of()).exchangeTableFile()).isNull();
    Path file = directory.resolve("hub.yaml");
    Files.writeString(
        file,
        "registry:\n  lawTableFile: /etc/jukihub/law.yaml\n"
            + "  exchangeTableFile: /etc/jukihub/exchanges.yaml\n");
    HubOptions options = HubConfigLoader.load(file, Map.of());
    assertThat(options.lawTableFile()).isEqualTo(Path.of("/etc/jukihub/law.yaml"));
    assertThat(options.exchangeTableFile()).isEqualTo(Path.of("/etc/jukihub/exchanges.yaml"));
  }

  @Test
  void should_read_where_the_tiers_live_and_when_my_numbers_go_live() throws IOException {
    Path file = directory.resolve("tiers.yaml");
    Files.writeString(
        file,
        "tiers:\n  prefectureUrls: {\"27\": postgresql://hub@osaka-db:5432/pref}\n  maxBatch: 500\n"
            + "register:\n  goLive: 2016-01-01T00:00:00+09:00\n  codeBundleSize: 50\n");
    HubOptions options = HubConfigLoader.load(file, Map.of());
    jp.jukihub.database.DatabaseTarget hub =
        new jp.jukihub.database.DatabaseTarget("db", 5432, "jukihub", "hub", null);

    assertThat(options.tiers().topology(hub).groupOf("27").target().host()).isEqualTo("osaka-db");
    assertThat(options.tiers().topology(hub).groupOf("13").target()).isEqualTo(hub);
    assertThat(options.tiers().shipper().maxBatch()).isEqualTo(500);
    assertThat(options.register().goLive().at())
        .isEqualTo(java.time.Instant.parse("2015-12-31T15:00:00Z"));
    assertThat(options.register().codeBundleSize()).isEqualTo(50);

    Path wrong = directory.resolve("wrong.yaml");
    Files.writeString(wrong, "register:\n  goLive: \"new year's day\"\n");
    assertThatThrownBy(() -> HubConfigLoader.load(wrong, Map.of()))
        .hasMessageContaining("register.goLive must be an instant");
    Files.writeString(
        wrong,
        "tiers:\n  prefectureUrls: {\"13\": postgresql://a@x/p, \"14\": postgresql://a@x/p}\n");
    assertThatThrownBy(() -> HubConfigLoader.load(wrong, Map.of()))
        .hasMessageContaining("share the database");
  }

  @Test
  void should_read_the_national_tiers_breaker_and_refuse_one_that_never_opens() throws IOException {
    TierOptions defaults = HubConfigLoader.load(null, Map.of()).tiers();
    assertThat(defaults.nationalBreakerFailures()).isEqualTo(5);
    assertThat(defaults.nationalBreakerOpenMillis()).isEqualTo(5_000);
    Path file = directory.resolve("breaker.yaml");
    Files.writeString(
        file, "tiers:\n  nationalBreakerFailures: 3\n  nationalBreakerOpenMillis: 2000\n");
    TierOptions tiers = HubConfigLoader.load(file, Map.of()).tiers();
    assertThat(tiers.nationalBreakerFailures()).isEqualTo(3);
    assertThat(tiers.nationalBreakerOpenMillis()).isEqualTo(2_000);
    Files.writeString(file, "tiers:\n  nationalBreakerFailures: 0\n");
    assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tiers.nationalBreakerFailures must be 1-10000, got 0");
  }

  @Test
  void should_put_the_intermediate_servers_on_their_own_database_when_the_url_is_set()
      throws IOException {
    jp.jukihub.database.DatabaseTarget national =
        new jp.jukihub.database.DatabaseTarget("jlis-db", 5432, "national", "hub", null);
    assertThat(HubConfigLoader.load(null, Map.of()).provision().intermediate(national))
        .isEqualTo(national);
    Path file = directory.resolve("provision.yaml");
    Files.writeString(
        file, "provision:\n  intermediateUrl: postgresql://hub@intermediate-db:5432/servers\n");
    jp.jukihub.database.DatabaseTarget own =
        HubConfigLoader.load(file, Map.of()).provision().intermediate(national);
    assertThat(own.host()).isEqualTo("intermediate-db");
    assertThat(own.database()).isEqualTo("servers");
    Files.writeString(file, "provision:\n  intermediateUrl: mysql://somewhere/else\n");
    assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("provision.intermediateUrl: database URL must look like");
  }

  @Test
  void
      should_keep_the_body_ca_and_a_self_issued_server_certificate_under_the_data_directory_by_default() {
    TlsOptions tls = HubConfigLoader.load(null, Map.of("JUKIHUB_DATA_DIR", "/srv/hub")).tls();
    assertThat(tls.caCertFile()).isEqualTo(Path.of("/srv/hub/keys/body-ca.crt"));
    assertThat(tls.caKeyFile()).isEqualTo(Path.of("/srv/hub/keys/body-ca.key"));
    assertThat(tls.certFile()).isEqualTo(Path.of("/srv/hub/keys/server.crt"));
    assertThat(tls.selfIssued()).isTrue();
    assertThat(tls.serverNames()).isEmpty();
  }

  @Test
  void should_take_the_operators_server_certificate_only_with_its_key() throws IOException {
    Path file = directory.resolve("tls.yaml");
    Files.writeString(
        file,
        "tls:\n  certFile: /etc/hub/server.crt\n  keyFile: /etc/hub/server.key\n  serverNames: [hub.example.jp, 10.0.0.5]\n");
    TlsOptions tls = HubConfigLoader.load(file, Map.of()).tls();
    assertThat(tls.selfIssued()).isFalse();
    assertThat(tls.keyFile()).isEqualTo(Path.of("/etc/hub/server.key"));
    assertThat(tls.serverNames()).containsExactly("hub.example.jp", "10.0.0.5");

    Files.writeString(file, "tls:\n  certFile: /etc/hub/server.crt\n");
    assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
        .hasMessageContaining("tls.certFile and tls.keyFile go together");
    Files.writeString(file, "tls:\n  serverNames: [\"hub example\"]\n");
    assertThatThrownBy(() -> HubConfigLoader.load(file, Map.of()))
        .hasMessageContaining("'hub example' is not a DNS name");
  }
}
