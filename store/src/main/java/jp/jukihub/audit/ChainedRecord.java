package jp.jukihub.audit;

import java.time.Instant;

/** An audit record as stored: the event, its place in its chain, and the hashes that link it. */
public record ChainedRecord(
    String chain, long seq, Instant occurredAt, AuditEvent event, byte[] prevHash, byte[] hash) {}
