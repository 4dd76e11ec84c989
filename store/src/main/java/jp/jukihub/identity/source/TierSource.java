package jp.jukihub.identity.source;

/** A tier's reads, finds and searches alike: what the national tier's guards wrap. */
interface TierSource extends IdentitySource, CandidateSource {}
