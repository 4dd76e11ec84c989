package jp.jukihub.gateway.pipeline;

/**
 * Where a stage sits in a request's one way through the hub. A pipeline's stages must come in this
 * order; {@link Pipeline#of} refuses any other, so a misordered chain fails at start-up, not in
 * production (security checks before anything reads the request).
 */
public enum Phase {
  REQUEST_ID,
  // Who calls comes first: the rules are written per zone and body (from the client certificate).
  CALLER_IDENTITY,
  FIREWALL,
  RATE_LIMIT,
  INPUT_VALIDATION,
  AUTHORISATION
}
