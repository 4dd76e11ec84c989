package jp.jukihub.identity.source;

import jp.jukihub.identity.IdentityRecord;

/** A person as a tier holds them, and which tier that was. */
public record Found(IdentityRecord record, ServedBy servedBy) {}
