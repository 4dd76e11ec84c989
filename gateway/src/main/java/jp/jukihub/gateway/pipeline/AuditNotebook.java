package jp.jukihub.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.gateway.body.Body;

/**
 * Everything one answer's audit record says, written down as the request goes through: who called
 * (body, zone, operator), the firewall rule and the row of a table of lawful uses that let it
 * through, the other body when it was an exchange between two, whose records it concerned and which
 * fields it released. A request has one; each line of a batch has its own ({@link #forLine}), which
 * shares the request's caller and firewall rule. An attribute the audit trail gains is added here,
 * and only here.
 */
public final class AuditNotebook {
  private final long startedNanos;
  private String requestId;
  private Body caller;
  private String operator;
  private String firewallRule;
  private String affair;
  private String counterpart;
  private final List<Long> subjects = new ArrayList<>(1);
  private List<String> released = List.of();

  AuditNotebook(long startedNanos) {
    this.startedNanos = startedNanos;
  }

  /**
   * A notebook for work the hub does for {@code caller} outside an HTTP request (a background
   * acquisition, a command-line run), under its own request id.
   */
  public static AuditNotebook of(String requestId, Body caller, String operator) {
    AuditNotebook notes = new AuditNotebook(System.nanoTime());
    notes.requestId = requestId;
    notes.caller = caller;
    notes.operator = operator;
    return notes;
  }

  /**
   * A fresh notebook for line {@code line} of a batch: the request's caller, operator and firewall
   * rule, its own request id ({@code <request id>/<line>}), affair, counterpart, subjects and
   * fields.
   */
  public AuditNotebook forLine(int line) {
    AuditNotebook notes = new AuditNotebook(startedNanos);
    notes.requestId = requestId + "/" + line;
    notes.caller = caller;
    notes.operator = operator;
    notes.firewallRule = firewallRule;
    return notes;
  }

  public String requestId() {
    return requestId;
  }

  void requestId(String id) {
    this.requestId = id;
  }

  /** The calling body; present once the caller-identity stage has run. */
  public Body caller() {
    if (caller == null) {
      throw new IllegalStateException("caller read before the caller-identity stage");
    }
    return caller;
  }

  void caller(Body body) {
    this.caller = body;
  }

  /** The person at the calling body; empty only before the caller-identity stage. */
  public Optional<String> operator() {
    return Optional.ofNullable(operator);
  }

  void operator(String name) {
    this.operator = name;
  }

  /** The firewall rule that let the request through. */
  public Optional<String> firewallRule() {
    return Optional.ofNullable(firewallRule);
  }

  void firewallRule(String ruleId) {
    this.firewallRule = ruleId;
  }

  /**
   * The row of a table of lawful uses that decided the request (allowed it, or refused it for what
   * it asked), by its stable id.
   */
  public Optional<String> affair() {
    return Optional.ofNullable(affair);
  }

  public void affair(String rowId) {
    this.affair = rowId;
  }

  /**
   * The other body of an exchange between two (番号法 art. 23): the provider on the requester's
   * record, the requester on the provider's and the network's; empty when the request was none.
   */
  public Optional<String> counterpart() {
    return Optional.ofNullable(counterpart);
  }

  /** Names the other body of this exchange by its registry id. */
  public void counterpart(String bodyId) {
    this.counterpart = bodyId;
  }

  /** The internal person ids the answer concerns, as the service resolved them; often one. */
  public List<Long> subjects() {
    return subjects;
  }

  /** A person the answer concerns (a search may concern several: each gets its own record). */
  public void subject(long personId) {
    subjects.add(personId);
  }

  /** The fields the answer releases, as the service declared them. */
  public List<String> released() {
    return released;
  }

  public void released(List<String> fields) {
    this.released = List.copyOf(fields);
  }

  /** When the hub took the request, for the latency the audit trail records. */
  public long startedNanos() {
    return startedNanos;
  }

  /**
   * The records of one answer on {@code route}: one per person it concerns, or one without a
   * subject when it concerns nobody; {@code fields} are what it released (none for a refusal).
   */
  public List<AuditEvent> records(
      String route,
      List<String> fields,
      String outcome,
      int status,
      byte[] requestHash,
      byte[] answerHash) {
    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startedNanos);
    if (subjects.size() <= 1) {
      Long subject = subjects.isEmpty() ? null : subjects.get(0);
      return List.of(
          record(route, subject, fields, outcome, status, micros, requestHash, answerHash));
    }
    List<AuditEvent> records = new ArrayList<>(subjects.size());
    for (Long subject : subjects) {
      records.add(record(route, subject, fields, outcome, status, micros, requestHash, answerHash));
    }
    return records;
  }

  private AuditEvent record(
      String route,
      Long subject,
      List<String> fields,
      String outcome,
      int status,
      long micros,
      byte[] requestHash,
      byte[] answerHash) {
    Body body = caller();
    return new AuditEvent(
        requestId,
        body.id(),
        operator,
        body.zone().label(),
        route,
        affair,
        firewallRule,
        subject,
        fields,
        outcome,
        status,
        micros,
        requestHash,
        answerHash,
        counterpart);
  }
}
