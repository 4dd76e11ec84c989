package jp.jukihub.progress;

/** Where a long run (seeding, audit verify or export) reports how far it has come. */
public interface Progress {
  /** A new phase started ("generating and copying", "verifying chain hub-1", ...). */
  void phase(String name);

  /** {@code done} of {@code total} items (residents, records) are through the current phase. */
  void advanced(long done, long total);

  Progress SILENT =
      new Progress() {
        @Override
        public void phase(String name) {}

        @Override
        public void advanced(long done, long total) {}
      };
}
