package jp.jukihub.gateway.pipeline;

import java.util.List;

/**
 * What a service learns, as it prepares an answer, that the answer's audit record must say: the
 * law-table row that allowed it, whose records it concerned, and which fields it released.
 */
public interface AuditNotes {
  void affair(String rowId);

  /** A person the answer concerns (a search may concern several: each gets its own record). */
  void subject(long personId);

  void released(List<String> fields);
}
