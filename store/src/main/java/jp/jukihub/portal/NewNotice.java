package jp.jukihub.portal;

import java.time.Instant;

/**
 * A notice the lane is about to insert, with the subject it is for and the source that makes it
 * unique ({@code audit:<chain>:<seq>}, {@code revoked:<serial>}, {@code expiring:<serial>}).
 */
record NewNotice(
    long subject,
    NoticeKind kind,
    String source,
    Instant occurredAt,
    String bodyId,
    String counterpart,
    String item,
    String affair,
    String detail) {}
