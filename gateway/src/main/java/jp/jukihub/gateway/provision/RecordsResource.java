package jp.jukihub.gateway.provision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.ChainedRecord;
import jp.jukihub.gateway.audit.AuditQuery;
import jp.jukihub.gateway.pipeline.RequestContext;

/**
 * {@code GET /v1/provision/records}: the calling body's own side of its provision records (情報提供等記録,
 * 番号法 第23条): each query it made and each it was asked, with the other body, the affair, the item
 * and the outcome, in time order, paged. The auditor reads every side through {@code
 * /v1/audit/records}.
 */
final class RecordsResource {
  /** The routes whose records are provision records: the requester's and the provider's. */
  static final List<String> ROUTES =
      List.of(
          QueryResource.ROUTE,
          QueryResource.BATCH_ROUTE,
          QueryResource.HOUSEHOLD_ROUTE,
          QueryResource.PROVIDED_ROUTE);

  private static final Set<String> PARAMETERS = Set.of("from", "to", "cursor", "limit");

  private final AuditReader reader;

  RecordsResource(AuditReader reader) {
    this.reader = reader;
  }

  Future<JsonObject> records(RequestContext request) {
    AuditQuery query = AuditQuery.of(request, PARAMETERS);
    AuditReader.Filter own =
        new AuditReader.Filter(
            request.caller().id(), null, null, query.from(), query.to(), null, null, ROUTES);
    AuditReader.Cursor cursor = query.cursor();
    int limit = query.limit();
    request.notebook().released(List.of("provisionRecords"));
    return reader
        .records(own, cursor, limit)
        .map(page -> AuditQuery.page(page, "records", RecordsResource::recordJson));
  }

  /** A record as its own body may read it: its side, the other body, affair, item, outcome. */
  private static JsonObject recordJson(ChainedRecord record) {
    return AuditQuery.accessJson(record)
        .put(
            "side",
            record.event().route().equals(QueryResource.PROVIDED_ROUTE) ? "provider" : "requester")
        .put("requestId", record.event().requestId());
  }
}
