package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Runs the stages in their declared order, then hands the request on to its route's service. Stages
 * that finish at once continue without scheduling, so the common path costs a loop, not a chain of
 * callbacks.
 */
public final class Pipeline implements Handler<RoutingContext> {
  private final List<Stage> stages;

  private Pipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  /** Builds the pipeline, refusing stages whose phases are out of order or repeated. */
  public static Pipeline of(List<Stage> stages) {
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
    return new Pipeline(stages);
  }

  public List<String> stageIds() {
    return stages.stream().map(Stage::id).toList();
  }

  @Override
  public void handle(RoutingContext routing) {
    run(RequestContext.attach(routing), 0);
  }

  private void run(RequestContext request, int from) {
    for (int i = from; i < stages.size(); i++) {
      Future<Void> step;
      try {
        step = stages.get(i).apply(request);
      } catch (RuntimeException e) {
        request.routing().fail(e);
        return;
      }
      if (!step.isComplete()) {
        int next = i + 1;
        step.onComplete(
            done -> {
              if (done.succeeded()) {
                run(request, next);
              } else {
                request.routing().fail(done.cause());
              }
            });
        return;
      }
      if (step.failed()) {
        request.routing().fail(step.cause());
        return;
      }
    }
    request.routing().next();
  }
}
