package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.audit.AuditQuery;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.http.Answer;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.portal.AccessHistory;

/**
 * {@code GET /v1/portal/me/accesses} (アクセス記録): every record about the resident, newest first, for
 * the whole retention, by period and by body, a page at a time; and {@code
 * /v1/portal/me/accesses.csv}, the same as one download.
 */
final class AccessesResource {
  private static final Set<String> PAGE_PARAMETERS =
      Set.of("from", "to", "body", "cursor", "limit");
  private static final Set<String> CSV_PARAMETERS = Set.of("from", "to", "body");
  private static final int CSV_PAGE = 1_000;
  // Seven years of a busy resident's records is a few thousand lines; this bounds a download.
  private static final int CSV_MAX_LINES = 100_000;
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final ResidentFinder finder;
  private final AccessHistory history;
  private final AccessDescriptions descriptions;
  private final BodyRegistry bodies;

  AccessesResource(
      ResidentFinder finder,
      AccessHistory history,
      AccessDescriptions descriptions,
      BodyRegistry bodies) {
    this.finder = finder;
    this.history = history;
    this.descriptions = descriptions;
    this.bodies = bodies;
  }

  Future<JsonObject> page(RequestContext request) {
    AuditQuery query = AuditQuery.of(request, PAGE_PARAMETERS);
    Instant from = query.from();
    Instant to = query.to();
    String body = body(query);
    AuditReader.Cursor before = query.cursor();
    int limit = PageLimit.parse(query.token("limit"));
    return finder
        .find(ResidentIdentityStage.resident(request))
        .compose(
            person -> {
              request.notebook().subject(person.personId());
              request.notebook().released(List.of("accessRecords"));
              return history.newestFirst(
                  new AccessHistory.Query(
                      person.subjects(),
                      from,
                      to,
                      body,
                      AccessDescriptions.REPEATED,
                      before,
                      limit));
            })
        .map(
            page -> {
              JsonArray accesses = new JsonArray();
              page.records().forEach(record -> accesses.add(descriptions.describe(record)));
              return new JsonObject()
                  .put("accesses", accesses)
                  .put("next", page.next().map(AuditReader.Cursor::encode).orElse(null));
            });
  }

  /**
   * The whole filtered history as CSV (UTF-8 with a byte-order mark, so spreadsheets read kanji).
   */
  Future<Answer> csv(RequestContext request) {
    AuditQuery query = AuditQuery.of(request, CSV_PARAMETERS);
    Instant from = query.from();
    Instant to = query.to();
    String body = body(query);
    return finder
        .find(ResidentIdentityStage.resident(request))
        .compose(
            person -> {
              request.notebook().subject(person.personId());
              request.notebook().released(List.of("accessRecords"));
              Buffer csv = Buffer.buffer().appendBytes(UTF8_BOM);
              line(csv, AccessDescriptions.CSV_HEADER);
              AccessHistory.Query first =
                  new AccessHistory.Query(
                      person.subjects(),
                      from,
                      to,
                      body,
                      AccessDescriptions.REPEATED,
                      null,
                      CSV_PAGE);
              return appendPages(csv, first, 0);
            })
        .map(
            csv -> {
              request
                  .routing()
                  .response()
                  .putHeader("Content-Disposition", "attachment; filename=\"access-records.csv\"");
              return new Answer(200, "text/csv; charset=utf-8", csv);
            });
  }

  private Future<Buffer> appendPages(Buffer csv, AccessHistory.Query query, int lines) {
    return history
        .newestFirst(query)
        .compose(
            page -> {
              page.records().forEach(record -> line(csv, descriptions.csvFields(record)));
              int written = lines + page.records().size();
              if (page.next().isEmpty() || written >= CSV_MAX_LINES) {
                return Future.succeededFuture(csv);
              }
              return appendPages(csv, query.after(page.next().get()), written);
            });
  }

  private static void line(Buffer csv, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        csv.appendByte((byte) ',');
      }
      csv.appendString(quoted(fields.get(i)), StandardCharsets.UTF_8.name());
    }
    csv.appendString("\r\n");
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  static String quoted(String field) {
    if (field == null) {
      return "";
    }
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }

  private String body(AuditQuery query) {
    String body = query.token("body");
    if (body != null && bodies.find(body).isEmpty()) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "body: no registered body has that id");
    }
    return body;
  }
}
