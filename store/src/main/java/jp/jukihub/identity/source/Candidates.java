package jp.jukihub.identity.source;

import java.util.List;
import jp.jukihub.identity.IdentityRecord;

/** The persons a search found (in person-id order), and which tier searched. */
public record Candidates(List<IdentityRecord> records, ServedBy servedBy) {}
