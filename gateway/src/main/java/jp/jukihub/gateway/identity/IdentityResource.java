package jp.jukihub.gateway.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.authorisation.AuthorisationStage;
import jp.jukihub.gateway.authorisation.Grant;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.http.Answer;
import jp.jukihub.gateway.identity.IdentityRouter.SearchIn;
import jp.jukihub.gateway.input.JsonBodyStage;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.law.LawRow.LookupKey;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.source.Found;
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
  static final Set<String> QUERY_FIELDS = Set.of("nameKana", "birthDate", "sex", "address");
  private static final Set<String> ADDRESS_FIELDS = Set.of("lgCode", "rest");

  private final LawTable law;
  private final IdentityRouter router;
  private final MunicipalityCatalog catalog;
  private final Clock clock;
  private final LookupAnswers answers;

  IdentityResource(
      LawTable law,
      IdentityRouter router,
      MunicipalityCatalog catalog,
      Clock clock,
      LookupAnswers answers) {
    this.law = law;
    this.router = router;
    this.catalog = catalog;
    this.clock = clock;
    this.answers = answers;
  }

  /**
   * The route's authority: the law-table row the body names as its affair, which must allow the key
   * the body names its subject by. The batch asks the same for each line.
   */
  Grant authorise(AuditNotebook notes, JsonInput in) {
    String affair = in.text("affair");
    LookupKey key = onlyKey(in);
    return law.grant(notes, affair, Optional.of(key.label()), Optional.empty());
  }

  /**
   * The single lookup route: the body is the lookup, already authorised. A lookup by number is
   * answered from {@link LookupAnswers} when the same person's same version was answered under the
   * same row before.
   */
  Future<Answer> lookup(RequestContext request) {
    Grant grant = AuthorisationStage.grant(request);
    JsonInput in = JsonBodyStage.input(request);
    AuditNotebook notes = request.notebook();
    return switch (onlyKey(in)) {
      case MY_NUMBER -> encoded(grant, IdentityKey.of(MyNumber.of(in.text("myNumber"))), notes);
      case RESIDENT_CODE ->
          encoded(grant, IdentityKey.of(ResidentCode.of(in.text("residentCode"))), notes);
      case QUERY ->
          search(grant, query(in.object("query", QUERY_FIELDS), clock), notes)
              .map(json -> Answer.json(200, json));
    };
  }

  /** One line of a batch: authorised here, like a single lookup by its stage. */
  Future<JsonObject> lookupLine(JsonInput in, AuditNotebook notes) {
    return lookup(authorise(notes, in), in, notes);
  }

  /** One lookup under {@code grant}; what it learns for the audit record goes to {@code notes}. */
  private Future<JsonObject> lookup(Grant grant, JsonInput in, AuditNotebook notes) {
    return switch (onlyKey(in)) {
      case MY_NUMBER -> one(grant, IdentityKey.of(MyNumber.of(in.text("myNumber"))), notes);
      case RESIDENT_CODE ->
          one(grant, IdentityKey.of(ResidentCode.of(in.text("residentCode"))), notes);
      case QUERY -> search(grant, query(in.object("query", QUERY_FIELDS), clock), notes);
    };
  }

  static LookupKey onlyKey(JsonInput in) {
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

  static FourInfoQuery query(JsonInput query, Clock clock) {
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

  private Future<JsonObject> one(Grant grant, IdentityKey key, AuditNotebook notes) {
    return found(grant, key, notes)
        .compose(
            found ->
                changesOf(grant, found)
                    .map(
                        changes ->
                            answer(grant, found, changes, router.numbersLive(), notes::released)));
  }

  private Future<Answer> encoded(Grant grant, IdentityKey key, AuditNotebook notes) {
    // Read once: the key of the cached answer and the answer itself must agree on it.
    boolean numbersLive = router.numbersLive();
    return found(grant, key, notes)
        .compose(
            found ->
                answers.answer(
                    grant.use(),
                    found,
                    numbersLive,
                    notes::released,
                    () ->
                        changesOf(grant, found)
                            .map(
                                changes -> {
                                  List<String> released = new ArrayList<>();
                                  JsonObject answer =
                                      answer(grant, found, changes, numbersLive, released::addAll);
                                  return new LookupAnswers.Encoded(
                                      answer.toBuffer().getBytes(), List.copyOf(released));
                                })));
  }

  /**
   * The person {@code key} names, within the caller's reach; the subject is noted either way: an
   * out-of-scope attempt still shows in the person's access history, while the caller learns
   * nothing (unknown and out of scope are one answer).
   */
  private Future<Found> found(Grant grant, IdentityKey key, AuditNotebook notes) {
    return router
        .find(grant.caller(), key)
        .compose(
            subject -> {
              if (subject.isEmpty()) {
                return Future.failedFuture(grant.outOfScope());
              }
              Found found = subject.get();
              notes.subject(found.record().personId());
              if (!grant.reaches(found.record().municipality())) {
                return Future.failedFuture(grant.outOfScope());
              }
              return Future.succeededFuture(found);
            });
  }

  /** The answer about {@code found}; the fields it releases go to {@code released}. */
  private JsonObject answer(
      Grant grant,
      Found found,
      List<IdentityChange> changes,
      boolean numbersLive,
      Consumer<List<String>> released) {
    JsonObject answer = new JsonObject().put("affair", grant.use().id());
    released.accept(person(grant, found.record(), changes, numbersLive, answer));
    return answer.put("servedBy", found.servedBy().label());
  }

  private Future<JsonObject> search(Grant grant, FourInfoQuery query, AuditNotebook notes) {
    Scope scope = grant.use().scope();
    boolean ownTier = scope == Scope.OWN_MUNICIPALITY || scope == Scope.OWN_PREFECTURE;
    return router
        .search(grant.caller(), query, ownTier ? SearchIn.OWN_TIER : SearchIn.NATIONAL, SEARCHED)
        .compose(
            found -> {
              List<IdentityRecord> inScope =
                  found.records().stream()
                      .filter(record -> grant.reaches(record.municipality()))
                      .toList();
              List<IdentityRecord> shown =
                  inScope.subList(0, Math.min(MAX_CANDIDATES, inScope.size()));
              List<Future<List<IdentityChange>>> changes = new ArrayList<>(shown.size());
              shown.forEach(
                  record -> changes.add(changesOf(grant, new Found(record, found.servedBy()))));
              return Future.all(changes)
                  .map(
                      done -> {
                        JsonArray candidates = new JsonArray();
                        Set<String> released = new LinkedHashSet<>();
                        for (int i = 0; i < shown.size(); i++) {
                          notes.subject(shown.get(i).personId());
                          JsonObject candidate = new JsonObject();
                          released.addAll(
                              person(
                                  grant,
                                  shown.get(i),
                                  changes.get(i).result(),
                                  router.numbersLive(),
                                  candidate));
                          candidates.add(candidate);
                        }
                        notes.released(List.copyOf(released));
                        return new JsonObject()
                            .put("affair", grant.use().id())
                            .put("candidates", candidates)
                            .put(
                                "more",
                                inScope.size() > MAX_CANDIDATES
                                    || found.records().size() == SEARCHED)
                            .put("servedBy", found.servedBy().label());
                      });
            });
  }

  private Future<List<IdentityChange>> changesOf(Grant grant, Found found) {
    return grant.releases("changes") ? router.changes(found) : Future.succeededFuture(List.of());
  }

  /**
   * Writes the fields {@code grant} releases about {@code record} into {@code into}; returns their
   * names.
   */
  private List<String> person(
      Grant grant,
      IdentityRecord record,
      List<IdentityChange> changes,
      boolean numbersLive,
      JsonObject into) {
    List<String> released = new ArrayList<>(grant.use().fields().size());
    if (grant.releases("myNumber") && record.myNumber() != null && numbersLive) {
      into.put("myNumber", record.myNumber());
      released.add("myNumber");
    }
    if (grant.releases("name")) {
      into.put(
          "name", new JsonObject().put("kanji", record.nameKanji()).put("kana", record.nameKana()));
      released.add("name");
    }
    if (grant.releases("birthDate")) {
      into.put("birthDate", record.birthDate().toString());
      released.add("birthDate");
    }
    if (grant.releases("sex")) {
      into.put("sex", record.sex().label());
      released.add("sex");
    }
    if (grant.releases("address")) {
      JsonObject address = new JsonObject().put("lgCode", record.municipality().value());
      catalog
          .find(record.municipality())
          .ifPresent(
              m -> address.put("prefecture", m.prefectureName()).put("municipality", m.name()));
      into.put("address", address.put("rest", record.addressRest()));
      released.add("address");
    }
    if (grant.releases("residentCode")) {
      into.put("residentCode", record.residentCode());
      released.add("residentCode");
    }
    if (grant.releases("changes")) {
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
    if (grant.releases("status")) {
      into.put("status", record.status());
      released.add("status");
    }
    into.put("asOf", record.updatedAt().toString());
    return released;
  }
}
