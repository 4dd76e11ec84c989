package jp.jukihub.jpki;

import java.time.Instant;

/**
 * A pre-signed OCSP answer as the store keeps it: its certificate's type and when it was signed.
 */
public record StoredResponse(long serial, String type, byte[] response, Instant signedAt) {}
