package jp.jukihub.jpki;

/**
 * What one CRL covers: a certificate type's shard, or the whole type ({@link #WHOLE}). A
 * certificate's shard is fixed at issuance and written into it, so a shard's CRL never moves.
 */
public record CrlScope(String type, int shard) {
  public static final int WHOLE = -1;

  public boolean whole() {
    return shard == WHOLE;
  }

  @Override
  public String toString() {
    return whole() ? type : type + "/" + shard;
  }
}
