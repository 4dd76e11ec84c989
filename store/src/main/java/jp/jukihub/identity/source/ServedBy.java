package jp.jukihub.identity.source;

/** Which tier answered a read, as an answer's {@code servedBy} and the lookup meters name it. */
public enum ServedBy {
  NATIONAL("national"),
  PREFECTURE("prefecture"),
  MUNICIPAL("municipal"),
  PREFECTURE_FALLBACK("prefecture-fallback");

  private final String label;

  ServedBy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
