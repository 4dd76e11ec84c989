package jp.jukihub.audit;

/** Another writer advanced the same chain: two hub instances share an instance name. */
final class ChainConflictException extends RuntimeException {
  ChainConflictException(String chain) {
    super(
        "the head of audit chain '"
            + chain
            + "' moved under this writer: another hub instance"
            + " writes the same chain (give each instance its own metrics.instance)");
  }
}
