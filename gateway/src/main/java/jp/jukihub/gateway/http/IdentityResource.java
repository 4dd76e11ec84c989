package jp.jukihub.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.law.LawRow;
import jp.jukihub.gateway.law.LawRow.LookupKey;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.identity.IdentityReader;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.IdentitySource;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/**
 * {@code POST /v1/identity/lookup}: identity confirmation info for an affair the law table allows
 * the caller, about a subject within the affair's scope, carrying only the fields the row
 * releases. A subject outside the scope and an unknown subject get the same answer, so the route
 * says nothing about who exists beyond what the affair may see.
 */
final class IdentityResource {
  private static final Set<String> FIELDS = Set.of("affair", "myNumber", "residentCode", "query");

  private final LawTable law;
  private final IdentitySource reader;
  private final MunicipalityCatalog catalog;

  IdentityResource(LawTable law, IdentitySource reader, MunicipalityCatalog catalog) {
    this.law = law;
    this.reader = reader;
    this.catalog = catalog;
  }

  Future<JsonObject> lookup(RequestContext request) {
    RequestBody body = request.routing().body();
    JsonInput in = JsonInput.of(body == null ? null : body.buffer(), FIELDS);
    Body caller = request.caller();
    String affair = in.text("affair");
    LawRow row =
        law.rowFor(caller, affair)
            .orElseThrow(() -> new HubException(ErrorCode.AFFAIR_NOT_PERMITTED, "the law table gives this body no affair '" + affair + "'"));
    request.affair(row.id());
    List<String> named = new ArrayList<>();
    for (String key : List.of("myNumber", "residentCode", "query")) {
      if (in.has(key)) {
        named.add(key);
      }
    }
    if (named.size() != 1) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "name the subject by exactly one of myNumber, residentCode, query");
    }
    String key = named.get(0);
    if (key.equals("query")) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "query: 4-info search is not served yet; name the subject by myNumber");
    }
    LookupKey lookupKey = key.equals("myNumber") ? LookupKey.MY_NUMBER : LookupKey.RESIDENT_CODE;
    if (!row.keys().contains(lookupKey)) {
      throw new HubException(ErrorCode.AFFAIR_NOT_PERMITTED, "affair '" + row.id() + "' does not allow lookups by " + key);
    }
    Future<Optional<IdentityRecord>> found =
        lookupKey == LookupKey.MY_NUMBER
            ? reader.byMyNumber(MyNumber.of(in.text("myNumber")))
            : reader.byResidentCode(ResidentCode.of(in.text("residentCode")));
    return found.compose(
        subject -> {
          if (subject.isEmpty()) {
            return Future.failedFuture(absent(row));
          }
          if (!inScope(row, caller, subject.get())) {
            // The caller learns nothing; the person's access history still shows the attempt.
            request.subject(subject.get().personId());
            return Future.failedFuture(absent(row));
          }
          IdentityRecord record = subject.get();
          request.subject(record.personId());
          return (row.fields().contains("changes") ? reader.changes(record.personId()) : Future.succeededFuture(List.<IdentityReader.IdentityChange>of()))
              .map(changes -> answer(request, row, record, changes));
        });
  }

  /** Unknown or out of scope: the same answer, unless the row sees the whole nation anyway. */
  private static HubException absent(LawRow row) {
    return row.scope() == LawRow.Scope.NATIONWIDE
        ? new HubException(ErrorCode.NOT_FOUND, "no resident is known by that key")
        : new HubException(ErrorCode.OUT_OF_SCOPE, "the subject is not within the scope of affair '" + row.id() + "'");
  }

  private static boolean inScope(LawRow row, Body caller, IdentityRecord subject) {
    Optional<LgCode> own = caller.lgCode();
    LgCode home = subject.municipality();
    return switch (row.scope()) {
      case NATIONWIDE -> true;
      case OWN_MUNICIPALITY -> own.map(home::equals).orElse(false);
      case OTHER_MUNICIPALITIES -> own.map(lg -> !lg.equals(home)).orElse(false);
      case OWN_PREFECTURE -> own.map(lg -> lg.prefectureCode().equals(home.prefectureCode())).orElse(false);
      case OTHER_PREFECTURES -> own.map(lg -> !lg.prefectureCode().equals(home.prefectureCode())).orElse(false);
    };
  }

  private JsonObject answer(
      RequestContext request, LawRow row, IdentityRecord record, List<IdentityReader.IdentityChange> changes) {
    Set<String> fields = row.fields();
    JsonObject answer = new JsonObject().put("affair", row.id());
    List<String> released = new ArrayList<>();
    if (fields.contains("myNumber") && record.myNumber() != null && reader.numbersLive()) {
      answer.put("myNumber", record.myNumber());
      released.add("myNumber");
    }
    if (fields.contains("name")) {
      answer.put("name", new JsonObject().put("kanji", record.nameKanji()).put("kana", record.nameKana()));
      released.add("name");
    }
    if (fields.contains("birthDate")) {
      answer.put("birthDate", record.birthDate().toString());
      released.add("birthDate");
    }
    if (fields.contains("sex")) {
      answer.put("sex", record.sex().label());
      released.add("sex");
    }
    if (fields.contains("address")) {
      JsonObject address = new JsonObject().put("lgCode", record.municipality().value());
      catalog.find(record.municipality()).ifPresent(m -> address.put("prefecture", m.prefectureName()).put("municipality", m.name()));
      answer.put("address", address.put("rest", record.addressRest()));
      released.add("address");
    }
    if (fields.contains("residentCode") && row.residentCode()) {
      answer.put("residentCode", record.residentCode());
      released.add("residentCode");
    }
    if (fields.contains("changes")) {
      JsonArray list = new JsonArray();
      changes.forEach(change -> list.add(new JsonObject()
          .put("what", change.kind()).put("fields", new JsonArray(change.fields()))
          .put("why", change.reason()).put("when", change.effectiveOn().toString())));
      answer.put("changes", list);
      released.add("changes");
    }
    if (fields.contains("status")) {
      answer.put("status", record.status());
      released.add("status");
    }
    request.released(released);
    return answer.put("asOf", record.updatedAt().toString()).put("servedBy", "national");
  }
}
