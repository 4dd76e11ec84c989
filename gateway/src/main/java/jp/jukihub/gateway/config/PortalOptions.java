package jp.jukihub.gateway.config;

import java.time.Duration;

/**
 * The {@code portal} section: My Portal's own HTTPS listener, where residents log in with the My
 * Number card (TLS client authentication, or a challenge the card signs), how long a browser
 * session lasts idle, how long a log-in challenge waits for the card, and how often notices are
 * made from new records.
 */
public record PortalOptions(
    boolean enabled,
    HubOptions.Listener listener,
    int sessionIdleMinutes,
    int loginChallengeSeconds,
    int noticeEveryMillis) {
  public PortalOptions {
    if (sessionIdleMinutes < 1 || sessionIdleMinutes > 120) {
      throw new ConfigException(
          "portal.sessionIdleMinutes must be 1-120, got " + sessionIdleMinutes);
    }
    if (loginChallengeSeconds < 10 || loginChallengeSeconds > 600) {
      throw new ConfigException(
          "portal.loginChallengeSeconds must be 10-600, got " + loginChallengeSeconds);
    }
    if (noticeEveryMillis < 100) {
      throw new ConfigException(
          "portal.noticeEveryMillis must be at least 100, got " + noticeEveryMillis);
    }
  }

  public Duration sessionIdle() {
    return Duration.ofMinutes(sessionIdleMinutes);
  }

  public Duration loginChallenge() {
    return Duration.ofSeconds(loginChallengeSeconds);
  }

  public PortalOptions onListener(HubOptions.Listener other) {
    return new PortalOptions(
        enabled, other, sessionIdleMinutes, loginChallengeSeconds, noticeEveryMillis);
  }

  public PortalOptions withEnabled(boolean on) {
    return new PortalOptions(
        on, listener, sessionIdleMinutes, loginChallengeSeconds, noticeEveryMillis);
  }
}
