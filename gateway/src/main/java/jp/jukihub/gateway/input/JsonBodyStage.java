package jp.jukihub.gateway.input;

import io.vertx.core.Future;
import java.util.Set;
import jp.jukihub.gateway.pipeline.Phase;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.gateway.pipeline.Stage;

/**
 * A route's JSON body, read once and checked for unknown fields before authorisation asks what it
 * claims (a lookup names its affair in the body); the service reads the same {@link JsonInput}.
 */
public final class JsonBodyStage implements Stage {
  private static final String KEY = "jukihub.input";

  private final Set<String> fields;

  public JsonBodyStage(Set<String> fields) {
    this.fields = Set.copyOf(fields);
  }

  @Override
  public String id() {
    return "json-body";
  }

  @Override
  public Phase phase() {
    return Phase.INPUT_VALIDATION;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    request.routing().put(KEY, JsonInput.of(request.routing(), fields));
    return Future.succeededFuture();
  }

  /**
   * The request's body as the stage read it; null when the route has no such stage or it failed.
   */
  public static JsonInput inputIfRead(RequestContext request) {
    return request.routing().get(KEY);
  }

  /** The body the stage read for this request. */
  public static JsonInput input(RequestContext request) {
    JsonInput input = request.routing().get(KEY);
    if (input == null) {
      throw new IllegalStateException("the route reads no JSON body in a stage");
    }
    return input;
  }
}
