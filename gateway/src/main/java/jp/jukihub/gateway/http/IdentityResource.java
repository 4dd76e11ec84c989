package jp.jukihub.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.identity.IdentityRouter;
import jp.jukihub.gateway.identity.IdentityRouter.Found;
import jp.jukihub.gateway.identity.IdentityRouter.SearchIn;
import jp.jukihub.gateway.law.LawRow;
import jp.jukihub.gateway.law.LawRow.LookupKey;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.pipeline.AuditNotes;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.Sex;

/**
 * {@code POST /v1/identity/lookup}: identity confirmation info for an affair the law table allows
 * the caller, about a subject within the affair's scope, carrying only the fields the row releases.
 * A subject outside the scope and an unknown subject get the same answer, so the route says nothing
 * about who exists beyond what the affair may see. A 4-info search answers the in-scope candidates
 * only, at most {@value #MAX_CANDIDATES}.
 */
final class IdentityResource {
  static final int MAX_CANDIDATES = 20;

  /** Read beyond the limit, so that candidates out of scope do not hide ones in scope. */
  private static final int SEARCHED = 64;

  static final Set<String> FIELDS = Set.of("affair", "myNumber", "residentCode", "query");
  private static final Set<String> QUERY_FIELDS = Set.of("nameKana", "birthDate", "sex", "address");
  private static final Set<String> ADDRESS_FIELDS = Set.of("lgCode", "rest");

  private final LawTable law;
  private final IdentityRouter router;
  private final MunicipalityCatalog catalog;
  private final Clock clock;

  IdentityResource(LawTable law, IdentityRouter router, MunicipalityCatalog catalog, Clock clock) {
    this.law = law;
    this.router = router;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** The single lookup route: the body is the lookup. */
  Future<JsonObject> lookup(RequestContext request) {
    return lookup(request.caller(), JsonInput.of(request.routing(), FIELDS), request);
  }

  /** One lookup by {@code caller}; what it learns for the audit record goes to {@code notes}. */
  Future<JsonObject> lookup(Body caller, JsonInput in, AuditNotes notes) {
    in.only(FIELDS);
    String affair = in.text("affair");
    LawRow row =
        law.rowFor(caller, affair)
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.AFFAIR_NOT_PERMITTED,
                        "the law table gives this body no affair '" + affair + "'"));
    notes.affair(row.id());
    LookupKey key = onlyKey(in);
    if (!row.keys().contains(key)) {
      throw new HubException(
          ErrorCode.AFFAIR_NOT_PERMITTED,
          "affair '" + row.id() + "' does not allow lookups by " + key.label());
    }
    return switch (key) {
      case MY_NUMBER -> one(caller, row, IdentityKey.of(MyNumber.of(in.text("myNumber"))), notes);
      case RESIDENT_CODE ->
          one(caller, row, IdentityKey.of(ResidentCode.of(in.text("residentCode"))), notes);
      case QUERY -> search(caller, row, query(in.object("query", QUERY_FIELDS)), notes);
    };
  }

  private static LookupKey onlyKey(JsonInput in) {
    List<LookupKey> named = new ArrayList<>(1);
    for (LookupKey key : LookupKey.values()) {
      if (in.has(key.label())) {
        named.add(key);
      }
    }
    if (named.size() != 1) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          "name the subject by exactly one of myNumber, residentCode, query");
    }
    return named.get(0);
  }

  private FourInfoQuery query(JsonInput query) {
    String kana = FourInfoQuery.normaliseKana(query.text("nameKana"));
    if (!kana.chars().allMatch(c -> (c >= '\u30A1' && c <= '\u30FC') || c == '\u3000')) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          "query.nameKana: must be full-width katakana, surname and given name apart");
    }
    Optional<Sex> sex =
        query
            .optionalText("sex")
            .map(
                label -> {
                  try {
                    return Sex.ofLabel(label);
                  } catch (HubException e) {
                    throw new HubException(
                        ErrorCode.INVALID_REQUEST, "query.sex: must be \"male\" or \"female\"");
                  }
                });
    Optional<JsonInput> address = query.optionalObject("address", ADDRESS_FIELDS);
    Optional<LgCode> lgCode = address.flatMap(a -> a.optionalText("lgCode")).map(LgCode::of);
    Optional<String> rest = address.flatMap(a -> a.optionalText("rest"));
    return new FourInfoQuery(kana, query.pastDate("birthDate", clock), sex, lgCode, rest);
  }

  private Future<JsonObject> one(Body caller, LawRow row, IdentityKey key, AuditNotes notes) {
    return router
        .find(caller, key)
        .compose(
            subject -> {
              if (subject.isEmpty()) {
                return Future.failedFuture(absent(row));
              }
              Found found = subject.get();
              // An out-of-scope attempt still shows in the person's access history; the caller
              // learns nothing.
              notes.subject(found.record().personId());
              if (!inScope(row, caller, found.record())) {
                return Future.failedFuture(absent(row));
              }
              return changesOf(row, found)
                  .map(
                      changes -> {
                        JsonObject answer = new JsonObject().put("affair", row.id());
                        notes.released(person(row, found.record(), changes, answer));
                        return answer.put("servedBy", found.servedBy().label());
                      });
            });
  }

  private Future<JsonObject> search(
      Body caller, LawRow row, FourInfoQuery query, AuditNotes notes) {
    boolean ownTier =
        row.scope() == LawRow.Scope.OWN_MUNICIPALITY || row.scope() == LawRow.Scope.OWN_PREFECTURE;
    return router
        .search(caller, query, ownTier ? SearchIn.OWN_TIER : SearchIn.NATIONAL, SEARCHED)
        .compose(
            found -> {
              List<IdentityRecord> inScope =
                  found.records().stream().filter(record -> inScope(row, caller, record)).toList();
              List<IdentityRecord> shown =
                  inScope.subList(0, Math.min(MAX_CANDIDATES, inScope.size()));
              List<Future<List<IdentityChange>>> changes = new ArrayList<>(shown.size());
              shown.forEach(
                  record -> changes.add(changesOf(row, new Found(record, found.servedBy()))));
              return Future.all(changes)
                  .map(
                      done -> {
                        JsonArray candidates = new JsonArray();
                        Set<String> released = new LinkedHashSet<>();
                        for (int i = 0; i < shown.size(); i++) {
                          notes.subject(shown.get(i).personId());
                          JsonObject candidate = new JsonObject();
                          released.addAll(
                              person(row, shown.get(i), changes.get(i).result(), candidate));
                          candidates.add(candidate);
                        }
                        notes.released(List.copyOf(released));
                        return new JsonObject()
                            .put("affair", row.id())
                            .put("candidates", candidates)
                            .put(
                                "more",
                                inScope.size() > MAX_CANDIDATES
                                    || found.records().size() == SEARCHED)
                            .put("servedBy", found.servedBy().label());
                      });
            });
  }

  private Future<List<IdentityChange>> changesOf(LawRow row, Found found) {
    return row.fields().contains("changes")
        ? router.changes(found)
        : Future.succeededFuture(List.of());
  }

  /** Unknown or out of scope: the same answer, unless the row sees the whole nation anyway. */
  private static HubException absent(LawRow row) {
    return row.scope() == LawRow.Scope.NATIONWIDE
        ? new HubException(ErrorCode.NOT_FOUND, "no resident is known by that key")
        : new HubException(
            ErrorCode.OUT_OF_SCOPE,
            "the subject is not within the scope of affair '" + row.id() + "'");
  }

  private static boolean inScope(LawRow row, Body caller, IdentityRecord subject) {
    Optional<LgCode> own = caller.lgCode();
    LgCode home = subject.municipality();
    return switch (row.scope()) {
      case NATIONWIDE -> true;
      case OWN_MUNICIPALITY -> own.map(home::equals).orElse(false);
      case OTHER_MUNICIPALITIES -> own.map(lg -> !lg.equals(home)).orElse(false);
      case OWN_PREFECTURE ->
          own.map(lg -> lg.prefectureCode().equals(home.prefectureCode())).orElse(false);
      case OTHER_PREFECTURES ->
          own.map(lg -> !lg.prefectureCode().equals(home.prefectureCode())).orElse(false);
    };
  }

  /**
   * Writes the fields {@code row} releases about {@code record} into {@code into}; returns their
   * names.
   */
  private List<String> person(
      LawRow row, IdentityRecord record, List<IdentityChange> changes, JsonObject into) {
    Set<String> fields = row.fields();
    List<String> released = new ArrayList<>(fields.size());
    if (fields.contains("myNumber") && record.myNumber() != null && router.numbersLive()) {
      into.put("myNumber", record.myNumber());
      released.add("myNumber");
    }
    if (fields.contains("name")) {
      into.put(
          "name", new JsonObject().put("kanji", record.nameKanji()).put("kana", record.nameKana()));
      released.add("name");
    }
    if (fields.contains("birthDate")) {
      into.put("birthDate", record.birthDate().toString());
      released.add("birthDate");
    }
    if (fields.contains("sex")) {
      into.put("sex", record.sex().label());
      released.add("sex");
    }
    if (fields.contains("address")) {
      JsonObject address = new JsonObject().put("lgCode", record.municipality().value());
      catalog
          .find(record.municipality())
          .ifPresent(
              m -> address.put("prefecture", m.prefectureName()).put("municipality", m.name()));
      into.put("address", address.put("rest", record.addressRest()));
      released.add("address");
    }
    if (fields.contains("residentCode") && row.residentCode()) {
      into.put("residentCode", record.residentCode());
      released.add("residentCode");
    }
    if (fields.contains("changes")) {
      JsonArray list = new JsonArray();
      changes.forEach(
          change ->
              list.add(
                  new JsonObject()
                      .put("what", change.kind())
                      .put("fields", new JsonArray(change.fields()))
                      .put("why", change.reason())
                      .put("when", change.effectiveOn().toString())));
      into.put("changes", list);
      released.add("changes");
    }
    if (fields.contains("status")) {
      into.put("status", record.status());
      released.add("status");
    }
    into.put("asOf", record.updatedAt().toString());
    return released;
  }
}
