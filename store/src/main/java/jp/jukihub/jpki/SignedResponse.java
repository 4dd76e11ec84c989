package jp.jukihub.jpki;

import java.time.Instant;

/**
 * A pre-signed OCSP answer for one certificate, when it was signed, and the revocation it states
 * ({@code null}: the certificate was good).
 */
public record SignedResponse(long serial, byte[] response, Instant signedAt, Long answersSeq) {}
