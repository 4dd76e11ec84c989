package jp.jukihub.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;

/** The trail's export format: one JSON object per line, hashes in hex, times as ISO-8601 UTC. */
final class AuditJson {
  private static final HexFormat HEX = HexFormat.of();

  private AuditJson() {}

  static JsonObject record(ChainedRecord record) {
    AuditEvent event = record.event();
    JsonObject json =
        new JsonObject()
            .put("chain", record.chain())
            .put("seq", record.seq())
            .put("time", record.occurredAt().toString())
            .put("requestId", event.requestId())
            .put("body", event.body());
    // Only when present: a record without one exports the same line as before it existed.
    if (event.counterpart() != null) {
      json.put("counterpart", event.counterpart());
    }
    return json.put("operator", event.operator())
        .put("zone", event.zone())
        .put("route", event.route())
        .put("affair", event.affair())
        .put("firewallRule", event.firewallRule())
        .put("subject", event.subject())
        .put("fields", new JsonArray(event.fields()))
        .put("outcome", event.outcome())
        .put("status", event.status())
        .put("latencyMicros", event.latencyMicros())
        .put("requestHash", HEX.formatHex(event.requestHash()))
        .put("answerHash", HEX.formatHex(event.answerHash()))
        .put("prevHash", HEX.formatHex(record.prevHash()))
        .put("hash", HEX.formatHex(record.hash()));
  }

  static ChainedRecord record(JsonObject json) {
    AuditEvent event =
        new AuditEvent(
            json.getString("requestId"),
            json.getString("body"),
            json.getString("operator"),
            json.getString("zone"),
            json.getString("route"),
            json.getString("affair"),
            json.getString("firewallRule"),
            json.getLong("subject"),
            json.getJsonArray("fields").stream().map(String.class::cast).toList(),
            json.getString("outcome"),
            json.getInteger("status"),
            json.getLong("latencyMicros"),
            HEX.parseHex(json.getString("requestHash")),
            HEX.parseHex(json.getString("answerHash")),
            json.getString("counterpart"));
    return new ChainedRecord(
        json.getString("chain"),
        json.getLong("seq"),
        Instant.parse(json.getString("time")),
        event,
        HEX.parseHex(json.getString("prevHash")),
        HEX.parseHex(json.getString("hash")));
  }

  static JsonObject checkpoint(Checkpoint checkpoint) {
    return new JsonObject()
        .put("chain", checkpoint.chain())
        .put("seq", checkpoint.seq())
        .put("recordHash", HEX.formatHex(checkpoint.recordHash()))
        .put("signedAt", checkpoint.signedAt().toString())
        .put("keyId", checkpoint.keyId())
        .put("maxUnsigned", checkpoint.maxUnsigned())
        .put("signature", HEX.formatHex(checkpoint.signature()));
  }

  static Checkpoint checkpoint(JsonObject json) {
    return new Checkpoint(
        json.getString("chain"),
        json.getLong("seq"),
        HEX.parseHex(json.getString("recordHash")),
        Instant.parse(json.getString("signedAt")),
        json.getString("keyId"),
        json.getLong("maxUnsigned"),
        HEX.parseHex(json.getString("signature")));
  }
}
