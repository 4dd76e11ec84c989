package jp.jukihub.jpki;

import java.time.Instant;

/** A pre-signed OCSP answer for one certificate, and when it was signed. */
public record SignedResponse(long serial, byte[] response, Instant signedAt) {}
