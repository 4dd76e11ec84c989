package jp.jukihub.jpki;

import java.time.Instant;

/** A certificate being issued, with its pre-signed OCSP answer ("good"). No key of the holder. */
public record NewCertificate(
    long serial,
    String type,
    int shard,
    Instant notBefore,
    Instant notAfter,
    byte[] ocspResponse,
    Instant ocspSignedAt) {}
