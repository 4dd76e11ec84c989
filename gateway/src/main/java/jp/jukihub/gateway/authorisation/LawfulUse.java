package jp.jukihub.gateway.authorisation;

import java.util.Set;
import jp.jukihub.gateway.body.Body;

/**
 * One row of a table of lawful uses: who may use it, for which affair under which law, naming its
 * subject how, for whose residents, receiving what. Its id is the affair an audit record names.
 */
public interface LawfulUse {
  /** Stable id: what a caller names, and what the audit record keeps. */
  String id();

  /** Who may use the row, in words (a body's id, or a kind of body). */
  String who();

  boolean covers(Body caller);

  /** The law (and article) the use stands on. */
  String law();

  /** The affair (事務) as the law names it. */
  String affair();

  Scope scope();

  /** Whether a request may name its subject by {@code key} (a row without keys takes none). */
  boolean allowsKey(String key);

  /** What an answer under this row may carry. */
  Set<String> fields();

  /** Whether an answer under this row may carry {@code field}. */
  default boolean releases(String field) {
    return fields().contains(field);
  }
}
