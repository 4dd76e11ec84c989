package jp.jukihub.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.gateway.pipeline.RequestContext;

/**
 * A batch route ({@code …:batch}): one request per NDJSON line in, one answer per line out, in the
 * same order, each with its own status. Lines are read as the caller sends them; reading pauses
 * while {@value #IN_FLIGHT} are being worked on (plus the rest of the chunk that brought them, a
 * few kilobytes) or while the caller is slow to take the answers, so memory stays bounded whatever
 * the batch's size.
 *
 * <p>Each line is a request of its own: the line service authorises it as the route's stage would a
 * single one, and it gets its own audit record (request id {@code <request id>/<line>}), durable
 * before its answer line is written. A line the audit trail cannot record is answered 503 {@code
 * AUDIT_UNAVAILABLE}, without data (429 {@code AUDIT_SHARE_EXCEEDED} when the body already has its
 * share of the trail's queue waiting).
 *
 * <p>Fair to other bodies: each line takes a token of the body's request rate, as a single lookup
 * does; a line read when the body has none left is answered 429 {@code RATE_LIMITED} at once, not
 * looked up and not audited (as a single request refused by its rate is not), so a batch larger
 * than the body's rate gets per-line refusals for the excess rather than a paused read that would
 * hold the connection. A body streams at most {@code limits.batchesPerBody} batches at once
 * (beyond: 429 {@code TOO_MANY_BATCHES}), and a batch's body must be in within {@code
 * limits.batchTimeoutSeconds} (else a last 408 {@code REQUEST_TIMEOUT} line, and the connection
 * closed).
 */
public final class BatchRoute implements Handler<RoutingContext> {
  /**
   * Answers one line, authorising it first; what it learns for the record goes to {@code notes}.
   */
  public interface LineService {
    Future<JsonObject> answer(JsonInput line, AuditNotebook notes);
  }

  public static final String CONTENT_TYPE = "application/x-ndjson";
  public static final int MAX_LINES = 10_000;
  public static final int MAX_LINE_BYTES = 4_096;
  // Enough lines at once for the audit trail's group commit to fill its batches.
  private static final int IN_FLIGHT = 128;
  private static final Buffer NEWLINE = Buffer.buffer("\n");

  private final String routeId;
  private final Set<String> fields;
  private final LineService service;
  private final AuditTrail trail;
  private final AuditDigest digest;
  private final AuditedRoute.Outcomes outcomes;
  private final BatchBounds bounds;

  BatchRoute(
      String routeId,
      Set<String> fields,
      LineService service,
      AuditTrail trail,
      AuditDigest digest,
      AuditedRoute.Outcomes outcomes,
      BatchBounds bounds) {
    this.bounds = bounds;
    this.routeId = routeId;
    this.fields = Set.copyOf(fields);
    this.service = service;
    this.trail = trail;
    this.digest = digest;
    this.outcomes = outcomes;
  }

  @Override
  public void handle(RoutingContext routing) {
    HttpServerRequest http = routing.request();
    String type = http.getHeader("Content-Type");
    RequestContext request = RequestContext.of(routing).orElseThrow();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(CONTENT_TYPE)) {
      HubException problem =
          new HubException(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "send the batch as " + CONTENT_TYPE + ", one JSON object per line");
      Answer answer = ProblemResponder.answer(problem, request.requestId());
      // Refused before any line is read, and recorded like every refusal of an audited route.
      refusal(
              routing,
              request.notebook(),
              problem,
              answer.status(),
              answer.contentType(),
              answer.body())
          .onComplete(recorded -> answer.send(routing.response()));
      return;
    }
    if (bounds.batches() != null) {
      String body = request.caller().id();
      if (!bounds.batches().start(body)) {
        HubException problem =
            new HubException(
                ErrorCode.TOO_MANY_BATCHES,
                "this body already streams "
                    + bounds.batches().perBody()
                    + " batches, as many as it may at once; send this one when one has ended");
        ProblemResponder.answer(problem, request.requestId()).send(routing.response());
        return;
      }
      boolean[] ended = new boolean[1];
      routing.addEndHandler(
          done -> {
            if (!ended[0]) {
              ended[0] = true;
              bounds.batches().end(body);
            }
          });
    }
    new Batch(routing, request).start();
  }

  /**
   * The audit record of a refusal that concerns no person (a batch's own, not one of its lines).
   */
  private Future<Void> refusal(
      RoutingContext routing,
      AuditNotebook notes,
      HubException problem,
      int status,
      String contentType,
      Buffer answer) {
    byte[] requestHash =
        digest.request("POST", routing.request().uri(), notes.operator().orElse(null), new byte[0]);
    byte[] answerHash = digest.answer(status, contentType, answer.getBytes());
    return AuditedRoute.append(
        trail,
        () ->
            notes.records(
                routeId, List.of(), problem.code().name(), status, requestHash, answerHash));
  }

  /** One batch request as it streams: lines in, answers out in order. */
  private final class Batch {
    private final RoutingContext routing;
    private final RequestContext request;
    private final HttpServerResponse response;
    private final HttpServerRequest body;
    private final RecordParser lines;
    private final ArrayDeque<Future<Buffer>> pending = new ArrayDeque<>();
    private int read;
    private int sinceNewline;
    private boolean ended;
    private boolean stopped;

    Batch(RoutingContext routing, RequestContext request) {
      this.routing = routing;
      this.request = request;
      this.response = routing.response();
      this.body = routing.request();
      this.lines = RecordParser.newDelimited("\n", this::line);
    }

    void start() {
      if (bounds.timeoutMillis() != Long.MAX_VALUE) {
        BoundedClients.deadline(routing, bounds.timeoutMillis(), this::late);
      }
      response.setChunked(true).setStatusCode(200).putHeader("Content-Type", CONTENT_TYPE);
      response.drainHandler(ignored -> flowControl());
      body.handler(this::chunk);
      body.endHandler(
          ignored -> {
            lines.handle(NEWLINE); // a last line without its newline
            ended = true;
            writeReady();
          });
      response.closeHandler(
          ignored -> {
            stopped = true;
            pending.clear(); // the caller is gone: the lookups in flight finish, and are audited,
            // unanswered
          });
    }

    /**
     * Feeds the parser, which holds back only the part of a line not yet complete: that part is
     * measured here, so a line without end cannot grow without bound.
     */
    private void chunk(Buffer chunk) {
      if (stopped) {
        return;
      }
      int last = chunk.length() - 1;
      while (last >= 0 && chunk.getByte(last) != '\n') {
        last--;
      }
      sinceNewline = last < 0 ? sinceNewline + chunk.length() : chunk.length() - last - 1;
      if (sinceNewline > MAX_LINE_BYTES) {
        if (last >= 0) {
          lines.handle(
              chunk.slice(0, last + 1)); // the complete lines before the long one are answered
        }
        tooLong();
        return;
      }
      lines.handle(chunk);
    }

    private void late() {
      stop(
          read + 1,
          new HubException(
              ErrorCode.REQUEST_TIMEOUT,
              "the batch did not arrive within "
                  + bounds.timeoutMillis()
                  + " ms; the rest were not read"));
    }

    private void tooLong() {
      stop(
          read + 1,
          new HubException(
              ErrorCode.BATCH_TOO_LARGE,
              "a line is longer than " + MAX_LINE_BYTES + " bytes; the rest were not read"));
    }

    private void line(Buffer raw) {
      if (stopped) {
        return;
      }
      if (raw.length() > MAX_LINE_BYTES) {
        tooLong();
        return;
      }
      Buffer line = trimmed(raw);
      if (line.length() == 0) {
        return; // blank lines (and a trailing newline) separate nothing
      }
      read++;
      if (read > MAX_LINES) {
        stop(
            read,
            new HubException(
                ErrorCode.BATCH_TOO_LARGE,
                "a batch holds at most " + MAX_LINES + " lines; the rest were not read"));
        return;
      }
      long wait = bounds.rates() == null ? 0 : bounds.rates().take(request.caller().id());
      pending.add(wait == 0 ? answer(read, line) : Future.succeededFuture(rateLimited(read, wait)));
      pending.peekLast().onComplete(ignored -> writeReady());
      flowControl();
    }

    /** Writes the finished answers at the head, in order; ends the response after the last. */
    private void writeReady() {
      if (response.closed()) {
        return;
      }
      while (!pending.isEmpty() && pending.peek().isComplete()) {
        response.write(pending.poll().result());
      }
      if (pending.isEmpty() && (ended || stopped) && !response.ended()) {
        // A stopped batch may still be sending: its connection is closed once the answer is out.
        response
            .end()
            .onComplete(
                sent -> {
                  if (stopped) {
                    routing.request().connection().close();
                  }
                });
        return;
      }
      flowControl();
    }

    private void flowControl() {
      if (stopped || ended) {
        return;
      }
      if (pending.size() >= IN_FLIGHT || response.writeQueueFull()) {
        body.pause();
      } else {
        body.resume();
      }
    }

    /** A line past the body's rate: refused at once, neither looked up nor audited. */
    private Buffer rateLimited(int number, long waitNanos) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      HubException problem =
          new HubException(
              ErrorCode.RATE_LIMITED,
              "this body's request rate is exceeded (each line takes a token); retry this line after "
                  + seconds
                  + " s");
      return new JsonObject()
          .put("line", number)
          .put("status", ProblemResponder.statusOf(problem.code().category()))
          .put("retryAfter", seconds)
          .put("problem", ProblemResponder.json(problem, request.requestId() + "/" + number))
          .toBuffer()
          .appendBuffer(NEWLINE);
    }

    /** Answers what was read, then one problem line for the rest, and ends the response. */
    private void stop(int lineNumber, HubException problem) {
      if (stopped) {
        return;
      }
      stopped = true;
      body.pause();
      JsonObject line =
          new JsonObject()
              .put("line", lineNumber)
              .put("status", ProblemResponder.statusOf(problem.code().category()))
              .put(
                  "problem",
                  ProblemResponder.json(problem, request.requestId() + "/" + lineNumber));
      Buffer bytes = line.toBuffer().appendBuffer(NEWLINE);
      // The refusal has its audit record too; it releases nothing, so it is written whatever the
      // trail says.
      Future<Buffer> recorded =
          refusal(
                  routing,
                  request.notebook().forLine(lineNumber),
                  problem,
                  line.getInteger("status"),
                  CONTENT_TYPE,
                  bytes)
              .transform(done -> Future.succeededFuture(bytes));
      pending.add(recorded);
      recorded.onComplete(done -> writeReady());
      writeReady();
    }

    private Future<Buffer> answer(int number, Buffer line) {
      AuditNotebook notes = request.notebook().forLine(number);
      JsonInput in = null;
      Future<JsonObject> answered;
      try {
        in = input(line);
        answered = service.answer(in, notes);
      } catch (RuntimeException e) {
        answered = Future.failedFuture(e);
      }
      JsonInput read = in;
      return answered.transform(
          done -> {
            JsonObject out = new JsonObject().put("line", number);
            String outcome;
            ErrorCode problemCode = null; // answered as prepared
            if (done.succeeded()) {
              out.put("status", 200).put("answer", done.result());
              outcome = "ok";
            } else {
              HubException problem = ProblemResponder.toProblem(done.cause(), 500);
              ProblemResponder.logIfInternal(problem, routing, notes.requestId());
              out.put("status", ProblemResponder.statusOf(problem.code().category()))
                  .put("problem", ProblemResponder.json(problem, notes.requestId()));
              outcome = problem.code().name();
              problemCode = problem.code();
            }
            ErrorCode prepared = problemCode;
            Buffer bytes = out.toBuffer().appendBuffer(NEWLINE);
            return record(line, notes, outcome, out.getInteger("status"), done.succeeded(), bytes)
                .map(
                    recorded -> {
                      outcomes.answered(notes, read, prepared);
                      return bytes;
                    })
                .otherwise(
                    refused -> {
                      HubException problem =
                          refused instanceof HubException hub
                                  && hub.code() == ErrorCode.AUDIT_SHARE_EXCEEDED
                              ? hub
                              : new HubException(
                                  ErrorCode.AUDIT_UNAVAILABLE,
                                  "the audit trail cannot record this line");
                      outcomes.answered(notes, read, problem.code());
                      return new JsonObject()
                          .put("line", number)
                          .put("status", ProblemResponder.statusOf(problem.code().category()))
                          .put("problem", ProblemResponder.json(problem, notes.requestId()))
                          .toBuffer()
                          .appendBuffer(NEWLINE);
                    });
          });
    }

    private Future<Void> record(
        Buffer line,
        AuditNotebook notes,
        String outcome,
        int status,
        boolean released,
        Buffer answer) {
      byte[] requestHash =
          digest.request(
              "POST", routing.request().uri(), notes.operator().orElse(null), line.getBytes());
      byte[] answerHash = digest.answer(status, CONTENT_TYPE, answer.getBytes());
      List<String> fields = released ? notes.released() : List.of();
      return AuditedRoute.append(
          trail, () -> notes.records(routeId, fields, outcome, status, requestHash, answerHash));
    }
  }

  private JsonInput input(Buffer line) {
    try {
      return JsonInput.of(line, fields);
    } catch (DecodeException e) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "the line is not a JSON object");
    }
  }

  private static Buffer trimmed(Buffer line) {
    int end = line.length();
    while (end > 0 && (line.getByte(end - 1) == '\r' || line.getByte(end - 1) == ' ')) {
      end--;
    }
    return end == line.length() ? line : line.getBuffer(0, end);
  }
}
