package jp.jukihub.gateway.config;

import java.nio.file.Path;
import java.time.Period;
import jp.jukihub.audit.AuditSettings;

/**
 * The {@code audit} section: how the writer groups and signs, how long the trail is kept, where its
 * keys live (created at first start, never in the repository) and the witness file outside the
 * database that each signed checkpoint is appended to.
 */
public record AuditOptions(
    int queueCapacity,
    int maxBatch,
    int connections,
    int checkpointEveryRecords,
    int checkpointEveryMillis,
    int commitTimeoutMillis,
    int retentionYears,
    Path signingKeyFile,
    Path hashKeyFile,
    Path witnessFile) {

  public AuditOptions {
    if (retentionYears < 1) {
      throw new ConfigException("audit.retentionYears must be at least 1, got " + retentionYears);
    }
    // The writer's own checks, reported now as configuration errors (fields are not set yet).
    settings(
        "check",
        queueCapacity,
        maxBatch,
        connections,
        checkpointEveryRecords,
        checkpointEveryMillis,
        commitTimeoutMillis);
  }

  /** The writer's settings for this instance's chain. */
  public AuditSettings settings(String chain) {
    return settings(
        chain,
        queueCapacity,
        maxBatch,
        connections,
        checkpointEveryRecords,
        checkpointEveryMillis,
        commitTimeoutMillis);
  }

  private static AuditSettings settings(
      String chain,
      int queue,
      int batch,
      int connections,
      int everyRecords,
      int everyMillis,
      int timeoutMillis) {
    try {
      return new AuditSettings(
          chain,
          queue,
          batch,
          connections,
          everyRecords,
          everyMillis,
          timeoutMillis,
          AuditSettings.RETRY_MILLIS);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  public Period retention() {
    return Period.ofYears(retentionYears);
  }

  public AuditOptions withQueueCapacity(int capacity) {
    return new AuditOptions(
        capacity,
        maxBatch,
        connections,
        checkpointEveryRecords,
        checkpointEveryMillis,
        commitTimeoutMillis,
        retentionYears,
        signingKeyFile,
        hashKeyFile,
        witnessFile);
  }
}
