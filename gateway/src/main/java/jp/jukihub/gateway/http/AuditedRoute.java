package jp.jukihub.gateway.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonBodyStage;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.gateway.pipeline.Pipeline;
import jp.jukihub.gateway.pipeline.RequestContext;

/**
 * The last step of every route that touches personal information: the service prepares its answer
 * (or its problem), the answer's record goes to the audit trail, and only once the record is
 * durable does the answer leave. An answer about several persons (a search) gets one record per
 * person, so each person's access history shows it. If the trail cannot record it, the caller gets
 * 503 {@code AUDIT_UNAVAILABLE} instead: nothing is ever answered unaudited.
 */
public final class AuditedRoute implements Handler<RoutingContext> {
  /**
   * Prepares the answer; declares the subject and released fields on the request as it learns them.
   */
  public interface Service {
    Future<JsonObject> answer(RequestContext request);
  }

  /**
   * Prepares a whole answer of another kind than JSON (a CSV download); declares the subject and
   * released fields as {@link Service} does.
   */
  public interface Prepared {
    Future<Answer> answer(RequestContext request);
  }

  /**
   * Told how each answer left, once its records are kept or have failed: a law table counts its
   * refusals, the provision meters every query's outcome.
   */
  public interface Outcomes {
    Outcomes NONE = (notes, in, code) -> {};

    /**
     * {@code code} is null for an answer that left as prepared, else the problem answered ({@code
     * AUDIT_UNAVAILABLE} when the records could not be kept); {@code in} is the request's JSON body
     * (a batch's line), null when none was read.
     */
    void answered(AuditNotebook notes, JsonInput in, ErrorCode code);
  }

  private static final byte[] NO_BODY = new byte[0];

  private final String routeId;
  private final Prepared service;
  private final AuditTrail trail;
  private final AuditDigest digest;
  private final Outcomes outcomes;
  private final Pipeline routeStages;

  AuditedRoute(
      String routeId,
      Pipeline routeStages,
      Prepared service,
      AuditTrail trail,
      AuditDigest digest,
      Outcomes outcomes) {
    this.routeId = routeId;
    this.service = service;
    this.trail = trail;
    this.digest = digest;
    this.outcomes = outcomes;
    this.routeStages = routeStages;
  }

  @Override
  public void handle(RoutingContext routing) {
    RequestContext request = RequestContext.of(routing).orElseThrow();
    // The route's own stages run here, not before: a request they refuse (not permitted, out of
    // scope, malformed) is recorded like any other answer.
    routeStages
        .apply(request)
        .compose(ignored -> service.answer(request))
        .onComplete(done -> recordThenSend(routing, request, done));
  }

  private void recordThenSend(
      RoutingContext routing, RequestContext request, AsyncResult<Answer> done) {
    AuditNotebook notes = request.notebook();
    Answer answer;
    String outcome;
    ErrorCode problemCode = null; // answered as prepared
    if (done.succeeded()) {
      answer = done.result();
      outcome = "ok";
    } else {
      // The problem is built here, not by the failure handler, because its bytes must be hashed
      // into the record before they are sent; ProblemResponder still owns the mapping.
      HubException problem = ProblemResponder.toProblem(done.cause(), 500);
      ProblemResponder.logIfInternal(problem, routing);
      answer = ProblemResponder.answer(problem, notes.requestId());
      outcome = problem.code().name();
      problemCode = problem.code();
    }
    // Hashed once, however many persons the answer concerns.
    byte[] requestHash = requestHash(routing, notes);
    byte[] answerHash =
        digest.answer(answer.status(), answer.contentType(), answer.body().getBytes());
    List<String> released = done.succeeded() ? notes.released() : List.of();
    Future<Void> recording;
    try {
      recording =
          append(
              trail,
              notes.records(routeId, released, outcome, answer.status(), requestHash, answerHash));
    } catch (RuntimeException e) {
      // A record that cannot even be built is a bug; the answer must still not leave unaudited.
      HubException internal = ProblemResponder.toProblem(e, 500);
      ProblemResponder.logIfInternal(internal, routing);
      outcomes.answered(notes, JsonBodyStage.inputIfRead(request), internal.code());
      ProblemResponder.answer(internal, notes.requestId()).send(routing.response());
      return;
    }
    ErrorCode prepared = problemCode;
    recording.onComplete(
        recorded -> {
          if (recorded.succeeded()) {
            outcomes.answered(notes, JsonBodyStage.inputIfRead(request), prepared);
            answer.send(routing.response());
          } else {
            HubException refused =
                recorded.cause() instanceof HubException hub
                    ? hub
                    : new HubException(
                        ErrorCode.AUDIT_UNAVAILABLE, "the audit trail cannot record the request");
            outcomes.answered(notes, JsonBodyStage.inputIfRead(request), refused.code());
            ProblemResponder.answer(refused, notes.requestId()).send(routing.response());
          }
        });
  }

  /**
   * Builds an answer's records and appends them; fails, never throws, when they cannot even be
   * built (a bug), so no answer waits forever on a record that will not come.
   */
  public static Future<Void> append(AuditTrail trail, Supplier<List<AuditEvent>> records) {
    List<AuditEvent> built;
    try {
      built = records.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return append(trail, built);
  }

  /** Appends an answer's records; succeeds once every one is durable. */
  public static Future<Void> append(AuditTrail trail, List<AuditEvent> records) {
    if (records.size() == 1) {
      return trail.append(records.get(0));
    }
    List<Future<Void>> each = new ArrayList<>(records.size());
    records.forEach(record -> each.add(trail.append(record)));
    return Future.all(each).mapEmpty();
  }

  /** The keyed hash of the request as it came: method, URI, operator and body. */
  private byte[] requestHash(RoutingContext routing, AuditNotebook notes) {
    RequestBody body = routing.body();
    Buffer bytes = body == null ? null : body.buffer();
    return digest.request(
        routing.request().method().name(),
        routing.request().uri(),
        notes.operator().orElse(null),
        bytes == null ? NO_BODY : bytes.getBytes());
  }
}
