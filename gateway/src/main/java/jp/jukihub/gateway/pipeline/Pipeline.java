package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the stages in their declared order, then hands the request on. The shared pipeline runs for
 * every request before routing; a route adds its own stages ({@link #then}: input validation,
 * authorisation) that continue the same order. Stages that finish at once continue without
 * scheduling, so the common path costs a loop, not a chain of callbacks.
 */
public final class Pipeline implements Handler<RoutingContext> {
  private final List<Stage> stages;
  // The phases a continuation must follow: all of them, for a route's own stages.
  private final List<Stage> before;

  private Pipeline(List<Stage> before, List<Stage> stages) {
    this.before = List.copyOf(before);
    this.stages = List.copyOf(stages);
  }

  /** The shared pipeline, refusing stages whose phases are out of order or repeated. */
  public static Pipeline of(List<Stage> stages) {
    checkOrder(stages);
    return new Pipeline(List.of(), stages);
  }

  /**
   * A route's own stages, run after this pipeline's on the same request; refused unless they
   * continue its order.
   */
  public Pipeline then(List<Stage> routeStages) {
    List<Stage> all = new ArrayList<>(before);
    all.addAll(stages);
    all.addAll(routeStages);
    checkOrder(all);
    List<Stage> earlier = new ArrayList<>(before);
    earlier.addAll(stages);
    return new Pipeline(earlier, routeStages);
  }

  private static void checkOrder(List<Stage> stages) {
    for (int i = 1; i < stages.size(); i++) {
      Stage before = stages.get(i - 1);
      Stage stage = stages.get(i);
      if (stage.phase().compareTo(before.phase()) <= 0) {
        throw new IllegalStateException(
            "pipeline order: stage '"
                + stage.id()
                + "' ("
                + stage.phase()
                + ") cannot follow '"
                + before.id()
                + "' ("
                + before.phase()
                + ")");
      }
    }
  }

  public List<String> stageIds() {
    return stages.stream().map(Stage::id).toList();
  }

  @Override
  public void handle(RoutingContext routing) {
    RequestContext request =
        before.isEmpty()
            ? RequestContext.attach(routing)
            : RequestContext.of(routing)
                .orElseThrow(() -> new IllegalStateException("a route's stages ran first"));
    Future<Void> done = apply(request);
    if (done.isComplete()) {
      proceed(routing, done);
    } else {
      done.onComplete(ignored -> proceed(routing, done));
    }
  }

  private static void proceed(RoutingContext routing, Future<Void> done) {
    if (done.succeeded()) {
      routing.next();
    } else {
      routing.fail(done.cause());
    }
  }

  /**
   * Runs the stages on {@code request}; fails with the first stage's failure. For a route that
   * answers its own failures (an audited route records its refusals too).
   */
  public Future<Void> apply(RequestContext request) {
    return run(request, 0);
  }

  private Future<Void> run(RequestContext request, int from) {
    for (int i = from; i < stages.size(); i++) {
      Future<Void> step;
      try {
        step = stages.get(i).apply(request);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      if (!step.isComplete()) {
        int next = i + 1;
        return step.compose(ignored -> run(request, next));
      }
      if (step.failed()) {
        return step;
      }
    }
    return Future.succeededFuture();
  }
}
