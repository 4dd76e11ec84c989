package jp.jukihub.jpki;

import java.time.Instant;

/**
 * A revocation as J-LIS recorded it: which certificate, since when, why (an RFC 5280 CRLReason
 * code), and its place in the order of revocations that OCSP and the CRLs follow.
 */
public record Revocation(
    long serial, String type, int shard, Instant revokedAt, int reason, long seq) {}
