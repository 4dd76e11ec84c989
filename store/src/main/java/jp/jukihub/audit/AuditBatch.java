package jp.jukihub.audit;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** One batch on its way to the store, linked to the batch before it for commit order. */
final class AuditBatch implements AuditBatchStore.Turn {
  final List<DurableAuditTrail.Pending> pendings;
  final List<ChainedRecord> records;
  final ChainHead before;
  final Checkpoint checkpoint;
  private AuditBatch previous;
  final long created = System.nanoTime();
  final CompletableFuture<Void> moved = new CompletableFuture<>();
  final CompletableFuture<Void> finished = new CompletableFuture<>();

  AuditBatch(
      List<DurableAuditTrail.Pending> pendings,
      List<ChainedRecord> records,
      ChainHead before,
      Checkpoint checkpoint,
      AuditBatch previous) {
    this.pendings = pendings;
    this.records = records;
    this.before = before;
    this.checkpoint = checkpoint;
    this.previous = previous;
  }

  @Override
  public void awaitPrevious() throws SQLException {
    AuditBatch before = previous;
    previous = null; // lets finished batches be collected instead of chaining them all
    if (before == null) {
      return;
    }
    try {
      before.moved.get();
    } catch (ExecutionException e) {
      throw new SQLException("an earlier audit batch failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for the earlier audit batch", e);
    }
  }

  @Override
  public void headMoved() {
    moved.complete(null);
  }
}
