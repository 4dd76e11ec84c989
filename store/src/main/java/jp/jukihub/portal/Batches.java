package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Function;

/**
 * Runs a scan's batches one after the other, adding up the notices each created. Each batch starts
 * from the answer of the one before, not inside a chain of composed futures, so a long backlog (a
 * first pass over years of trail) does not deepen the stack batch by batch.
 */
final class Batches {
  /**
   * What a batch created and where the next starts.
   *
   * @param next where the next batch starts; null after the last
   */
  record Done<P>(NoticeLane.Created created, P next) {}

  private Batches() {}

  static <P> Future<NoticeLane.Created> run(P first, Function<P, Future<Done<P>>> batch) {
    Promise<NoticeLane.Created> all = Promise.promise();
    next(first, batch, NoticeLane.Created.NONE, all);
    return all.future();
  }

  private static <P> void next(
      P from,
      Function<P, Future<Done<P>>> batch,
      NoticeLane.Created sofar,
      Promise<NoticeLane.Created> all) {
    batch
        .apply(from)
        .onComplete(
            done -> {
              if (done.failed()) {
                all.fail(done.cause());
                return;
              }
              NoticeLane.Created total = sofar.plus(done.result().created());
              if (done.result().next() == null) {
                all.complete(total);
              } else {
                next(done.result().next(), batch, total, all);
              }
            });
  }
}
