package jp.jukihub.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.number.MyNumber;

/**
 * The auditor's view of the trail: {@code GET /v1/audit/records} (filtered, paged) and {@code GET
 * /v1/audit/subjects/{myNumber}/accesses} (who saw this person's record). Only the audit office may
 * read it ({@link AuditCapability#RIGHTS}), and every read is itself audited.
 */
final class AuditResource {
  private static final Set<String> RECORD_PARAMETERS =
      Set.of("body", "operator", "affair", "from", "to", "requestId", "cursor", "limit");
  private static final Set<String> ACCESS_PARAMETERS = Set.of("from", "to", "cursor", "limit");

  private final AuditReader reader;

  AuditResource(AuditReader reader) {
    this.reader = reader;
  }

  Future<JsonObject> records(RequestContext request) {
    AuditQuery query = AuditQuery.of(request, RECORD_PARAMETERS);
    AuditReader.Filter filter =
        new AuditReader.Filter(
            query.token("body"),
            query.token("operator"),
            query.token("affair"),
            query.from(),
            query.to(),
            query.token("requestId"),
            null,
            null);
    AuditReader.Cursor cursor = query.cursor();
    int limit = query.limit();
    request.notebook().released(List.of("auditRecords"));
    return reader
        .records(filter, cursor, limit)
        .map(page -> AuditQuery.page(page, "records", AuditResource::recordJson));
  }

  Future<JsonObject> accesses(RequestContext request) {
    AuditQuery query = AuditQuery.of(request, ACCESS_PARAMETERS);
    MyNumber number = MyNumber.of(request.routing().pathParam("myNumber"));
    Instant from = query.from();
    Instant to = query.to();
    AuditReader.Cursor cursor = query.cursor();
    int limit = query.limit();
    return reader
        .subjectOf(number)
        .compose(
            subject -> {
              if (subject.isEmpty()) {
                return Future.failedFuture(
                    new HubException(ErrorCode.NOT_FOUND, "no resident holds this My Number"));
              }
              request.notebook().subject(subject.get());
              request.notebook().released(List.of("accesses"));
              return reader.records(
                  AuditReader.Filter.subject(subject.get(), from, to), cursor, limit);
            })
        .map(page -> AuditQuery.page(page, "accesses", AuditQuery::accessJson));
  }

  private static JsonObject recordJson(ChainedRecord record) {
    AuditEvent event = record.event();
    HexFormat hex = HexFormat.of();
    return AuditQuery.accessJson(record)
        .put("requestId", event.requestId())
        .put("firewallRule", event.firewallRule())
        .put("subject", event.subject())
        .put("status", event.status())
        .put("latencyMicros", event.latencyMicros())
        .put("requestHash", hex.formatHex(event.requestHash()))
        .put("answerHash", hex.formatHex(event.answerHash()))
        .put("chain", record.chain())
        .put("seq", record.seq());
  }
}
