package jp.jukihub.gateway.pipeline;

import java.util.ArrayList;
import java.util.Collections;
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
  private Body provider; // null: no provider's side to record
  private String providerRoute;
  private List<String> provided = List.of();

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

  /**
   * Records the exchange at the provider too (情報提供等記録, 番号法 art. 23): beside each of this answer's
   * records goes one of {@code provider}'s, on {@code route}, under request id {@code <request
   * id>/provider}, with the requester as counterpart and {@code items} as provided when the answer
   * released anything. Both sides carry the same request and answer hashes and are appended
   * together, so they commit together and the answer waits for one commit, not two.
   */
  public void recordAtProvider(Body provider, String route, List<String> items) {
    this.provider = provider;
    this.providerRoute = route;
    this.provided = List.copyOf(items);
  }

  /** When the hub took the request, for the latency the audit trail records. */
  public long startedNanos() {
    return startedNanos;
  }

  /**
   * The records of one answer on {@code route}: one per person it concerns, or one without a
   * subject when it concerns nobody; {@code fields} are what it released (none for a refusal). With
   * a provider's side ({@link #recordAtProvider}), as many again for the provider.
   */
  public List<AuditEvent> records(
      String route,
      List<String> fields,
      String outcome,
      int status,
      byte[] requestHash,
      byte[] answerHash) {
    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startedNanos);
    List<Long> concerned = subjects.isEmpty() ? Collections.singletonList(null) : subjects;
    List<AuditEvent> records = new ArrayList<>(concerned.size() * (provider == null ? 1 : 2));
    Body body = caller();
    for (Long subject : concerned) {
      records.add(
          new AuditEvent(
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
              counterpart));
    }
    if (provider != null) {
      // The provider provided its items exactly when the requester's answer released them.
      List<String> items = fields.isEmpty() ? List.of() : provided;
      for (Long subject : concerned) {
        records.add(
            new AuditEvent(
                requestId + "/provider",
                provider.id(),
                null,
                provider.zone().label(),
                providerRoute,
                affair,
                null,
                subject,
                items,
                outcome,
                status,
                micros,
                requestHash,
                answerHash,
                body.id()));
      }
    }
    return records;
  }
}
