package jp.jukihub.loadtest;

import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Residents a {@link MunicipalChanges} run registered, by municipality: the resident code is kept
 * secret by the hub (no lookup releases it to a municipality, and {@code ./hub sample} prints My
 * Numbers), so the run changes only the people it created. A virtual user takes a resident for the
 * length of its event and gives them back to their municipality afterwards (unless they died), so
 * two events never change one person at the same time.
 */
final class ResidentPool {
  private final Map<String, Queue<String>> byMunicipality = new ConcurrentHashMap<>();

  Optional<String> take(String lgCode) {
    return Optional.ofNullable(queue(lgCode).poll());
  }

  void give(String lgCode, String residentCode) {
    queue(lgCode).add(residentCode);
  }

  int size(String lgCode) {
    return queue(lgCode).size();
  }

  private Queue<String> queue(String lgCode) {
    return byMunicipality.computeIfAbsent(lgCode, code -> new ConcurrentLinkedQueue<>());
  }
}
