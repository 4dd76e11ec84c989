package jp.jukihub.gateway.pipeline;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukihub.gateway.body.Body;

/** What the stages learn about one request as it goes through, kept on its routing context. */
public final class RequestContext implements AuditNotes {
  private static final String KEY = "jukihub.request";

  private final RoutingContext routing;
  private final long startedNanos = System.nanoTime();
  private String requestId;
  private Body caller;
  private String operator;
  private final List<Long> subjects = new ArrayList<>(1);
  private String firewallRule;
  private String affair;
  private List<String> released = List.of();

  private RequestContext(RoutingContext routing) {
    this.routing = routing;
  }

  static RequestContext attach(RoutingContext routing) {
    RequestContext request = new RequestContext(routing);
    routing.put(KEY, request);
    return request;
  }

  /** The request's context, if the pipeline has seen it (a failure can come before). */
  public static Optional<RequestContext> of(RoutingContext routing) {
    return Optional.ofNullable(routing.get(KEY));
  }

  public RoutingContext routing() {
    return routing;
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

  /** When the hub took the request, for the latency the audit trail records. */
  public long startedNanos() {
    return startedNanos;
  }

  /**
   * The person at the calling body ({@code X-Jukihub-Operator}, required); empty only for a request
   * that failed before the caller-identity stage.
   */
  public Optional<String> operator() {
    return Optional.ofNullable(operator);
  }

  void operator(String name) {
    this.operator = name;
  }

  /** The firewall rule that let the request through (for its audit record). */
  public Optional<String> firewallRule() {
    return Optional.ofNullable(firewallRule);
  }

  void firewallRule(String ruleId) {
    this.firewallRule = ruleId;
  }

  /** The law-table row that allowed the request (for its audit record). */
  public Optional<String> affair() {
    return Optional.ofNullable(affair);
  }

  @Override
  public void affair(String rowId) {
    this.affair = rowId;
  }

  /** The internal person ids the request concerns, as the service resolved them; often one. */
  public List<Long> subjects() {
    return subjects;
  }

  @Override
  public void subject(long personId) {
    subjects.add(personId);
  }

  /** The fields the answer releases, as the service declared them. */
  public List<String> released() {
    return released;
  }

  @Override
  public void released(List<String> fields) {
    this.released = List.copyOf(fields);
  }
}
