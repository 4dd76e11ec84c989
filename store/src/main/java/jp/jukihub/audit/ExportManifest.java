package jp.jukihub.audit;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an export holds, signed with the trail's key: the month, each chain's first and last record,
 * the record count and the SHA-256 of both data files. A cut or edited export fails against it.
 */
record ExportManifest(
    YearMonth month,
    long records,
    Map<String, SeqRange> chains,
    String recordsSha256,
    String checkpointsSha256,
    Instant exportedAt,
    String keyId,
    byte[] signature) {

  byte[] signedBytes() {
    Canonical canonical =
        new Canonical()
            .text("jukihub-audit-export-v1")
            .text(month.toString())
            .number(records)
            .text(recordsSha256)
            .text(checkpointsSha256)
            .number(RecordHasher.micros(exportedAt))
            .text(keyId);
    new TreeMap<>(chains)
        .forEach(
            (chain, range) -> canonical.text(chain).number(range.first()).number(range.last()));
    return canonical.toByteArray();
  }

  boolean signedBy(AuditKeyRing keys) {
    return keys.verifies(keyId, signedBytes(), signature);
  }

  ExportManifest signed(AuditSigningKey key) {
    ExportManifest unsigned =
        new ExportManifest(
            month,
            records,
            chains,
            recordsSha256,
            checkpointsSha256,
            exportedAt,
            key.publicKey().id(),
            new byte[0]);
    return new ExportManifest(
        month,
        records,
        chains,
        recordsSha256,
        checkpointsSha256,
        exportedAt,
        unsigned.keyId(),
        key.sign(unsigned.signedBytes()));
  }

  void write(Path file) throws IOException {
    JsonObject chainsJson = new JsonObject();
    new TreeMap<>(chains)
        .forEach(
            (chain, range) ->
                chainsJson.put(
                    chain,
                    new JsonObject().put("firstSeq", range.first()).put("lastSeq", range.last())));
    JsonObject json =
        new JsonObject()
            .put("month", month.toString())
            .put("records", records)
            .put("chains", chainsJson)
            .put("recordsSha256", recordsSha256)
            .put("checkpointsSha256", checkpointsSha256)
            .put("exportedAt", exportedAt.toString())
            .put("keyId", keyId)
            .put("signature", HexFormat.of().formatHex(signature));
    Files.writeString(file, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
  }

  static ExportManifest read(Path file) throws IOException {
    JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    Map<String, SeqRange> chains = new TreeMap<>();
    JsonObject chainsJson = json.getJsonObject("chains");
    for (String chain : chainsJson.fieldNames()) {
      JsonObject range = chainsJson.getJsonObject(chain);
      chains.put(chain, new SeqRange(range.getLong("firstSeq"), range.getLong("lastSeq")));
    }
    return new ExportManifest(
        YearMonth.parse(json.getString("month")),
        json.getLong("records"),
        chains,
        json.getString("recordsSha256"),
        json.getString("checkpointsSha256"),
        Instant.parse(json.getString("exportedAt")),
        json.getString("keyId"),
        HexFormat.of().parseHex(json.getString("signature")));
  }
}
