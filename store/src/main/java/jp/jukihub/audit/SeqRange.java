package jp.jukihub.audit;

/** The first and last record numbers of one chain within some scope (a month, a time range). */
record SeqRange(long first, long last) {
  boolean contains(long seq) {
    return seq >= first && seq <= last;
  }
}
