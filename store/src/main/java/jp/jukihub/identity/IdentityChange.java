package jp.jukihub.identity;

import java.time.LocalDate;
import java.util.List;

/**
 * One change to a person's identity info: what (kind, fields), why (reason), when (effective date).
 */
public record IdentityChange(
    int version, String kind, List<String> fields, String reason, LocalDate effectiveOn) {}
