package jp.jukihub.nation;

/** Where a long seeding run reports how far it has come. */
public interface SeedProgress {
  /** A new phase started ("generating and copying", "prefecture tier", ...). */
  void phase(String name);

  /** {@code done} of {@code total} residents are through the current phase. */
  void advanced(long done, long total);

  SeedProgress SILENT =
      new SeedProgress() {
        @Override
        public void phase(String name) {}

        @Override
        public void advanced(long done, long total) {}
      };
}
