package jp.jukihub.gateway.portal;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/** The {@code limit} of a portal page: 50 unless asked, at most 200. */
final class PageLimit {
  static final int DEFAULT = 50;
  static final int MAX = 200;

  private PageLimit() {}

  static int parse(String value) {
    if (value == null) {
      return DEFAULT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new HubException(
        ErrorCode.INVALID_REQUEST, "limit must be a whole number from 1 to " + MAX);
  }
}
