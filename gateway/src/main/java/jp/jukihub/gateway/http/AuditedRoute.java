package jp.jukihub.gateway.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.law.LawDenials;
import jp.jukihub.gateway.pipeline.RequestContext;

/**
 * The last step of every route that touches personal information: the service prepares its answer
 * (or its problem), the answer's record goes to the audit trail, and only once the record is
 * durable does the answer leave. An answer about several persons (a search) gets one record per
 * person, so each person's access history shows it. If the trail cannot record it, the caller gets
 * 503 {@code AUDIT_UNAVAILABLE} instead: nothing is ever answered unaudited.
 */
final class AuditedRoute implements Handler<RoutingContext> {
  /**
   * Prepares the answer; declares the subject and released fields on the request as it learns them.
   */
  interface Service {
    Future<JsonObject> answer(RequestContext request);
  }

  private static final byte[] NO_BODY = new byte[0];

  private final String routeId;
  private final Service service;
  private final AuditTrail trail;
  private final AuditDigest digest;
  private final int successStatus;
  private final LawDenials denials;

  AuditedRoute(
      String routeId,
      Service service,
      AuditTrail trail,
      AuditDigest digest,
      int successStatus,
      LawDenials denials) {
    this.routeId = routeId;
    this.service = service;
    this.trail = trail;
    this.digest = digest;
    this.successStatus = successStatus;
    this.denials = denials;
  }

  @Override
  public void handle(RoutingContext routing) {
    RequestContext request = RequestContext.of(routing).orElseThrow();
    Future<JsonObject> prepared;
    try {
      prepared = service.answer(request);
    } catch (RuntimeException e) {
      prepared = Future.failedFuture(e);
    }
    prepared.onComplete(done -> recordThenSend(routing, request, done));
  }

  private void recordThenSend(
      RoutingContext routing, RequestContext request, AsyncResult<JsonObject> done) {
    Answer answer;
    String outcome;
    if (done.succeeded()) {
      answer = Answer.json(successStatus, done.result());
      outcome = "ok";
    } else {
      // The problem is built here, not by the failure handler, because its bytes must be hashed
      // into the record before they are sent; ProblemResponder still owns the mapping.
      HubException problem = ProblemResponder.toProblem(done.cause(), 500);
      ProblemResponder.logIfInternal(problem, routing);
      denials.answered(problem.code(), request.affair());
      answer = ProblemResponder.answer(problem, request.requestId());
      outcome = problem.code().name();
    }
    List<String> released = done.succeeded() ? request.released() : List.of();
    List<Long> subjects = request.subjects();
    Hashes hashes =
        hashes(routing, request, answer); // once, however many persons the answer concerns
    appendPerSubject(
            trail, subjects, subject -> event(request, hashes, answer, outcome, subject, released))
        .onComplete(
            recorded -> {
              if (recorded.succeeded()) {
                answer.send(routing.response());
              } else {
                HubException refused =
                    recorded.cause() instanceof HubException hub
                        ? hub
                        : new HubException(
                            ErrorCode.AUDIT_UNAVAILABLE,
                            "the audit trail cannot record the request");
                ProblemResponder.answer(refused, request.requestId()).send(routing.response());
              }
            });
  }

  /**
   * One record per person an answer concerns, or one without a subject when it concerns nobody;
   * succeeds once every record is durable.
   */
  static Future<Void> appendPerSubject(
      AuditTrail trail, List<Long> subjects, java.util.function.Function<Long, AuditEvent> event) {
    if (subjects.size() <= 1) {
      return trail.append(event.apply(subjects.isEmpty() ? null : subjects.get(0)));
    }
    List<Future<Void>> each = new java.util.ArrayList<>(subjects.size());
    subjects.forEach(subject -> each.add(trail.append(event.apply(subject))));
    return Future.all(each).mapEmpty();
  }

  /** The keyed hashes of the request and of the answer, binding one to the other in the trail. */
  private record Hashes(byte[] request, byte[] answer) {}

  private Hashes hashes(RoutingContext routing, RequestContext request, Answer answer) {
    RequestBody body = routing.body();
    Buffer bytes = body == null ? null : body.buffer();
    byte[] requestHash =
        digest.request(
            routing.request().method().name(),
            routing.request().uri(),
            request.operator().orElse(null),
            bytes == null ? NO_BODY : bytes.getBytes());
    return new Hashes(
        requestHash,
        digest.answer(answer.status(), answer.contentType(), answer.body().getBytes()));
  }

  private AuditEvent event(
      RequestContext request,
      Hashes hashes,
      Answer answer,
      String outcome,
      Long subject,
      List<String> released) {
    return event(
        request,
        routeId,
        request.requestId(),
        request.affair().orElse(null),
        subject,
        released,
        outcome,
        answer.status(),
        hashes.request(),
        hashes.answer());
  }

  /** An audit record of one answer to {@code request}'s caller (a batch writes one per line). */
  static AuditEvent event(
      RequestContext request,
      String routeId,
      String requestId,
      String affair,
      Long subject,
      List<String> released,
      String outcome,
      int status,
      byte[] requestHash,
      byte[] answerHash) {
    Body caller = request.caller();
    return new AuditEvent(
        requestId,
        caller.id(),
        request.operator().orElse(null),
        caller.zone().label(),
        routeId,
        affair,
        request.firewallRule().orElse(null),
        subject,
        released,
        outcome,
        status,
        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - request.startedNanos()),
        requestHash,
        answerHash);
  }
}
