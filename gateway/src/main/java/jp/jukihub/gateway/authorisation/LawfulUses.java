package jp.jukihub.gateway.authorisation;

import java.util.List;
import java.util.Optional;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.number.LgCode;

/**
 * A table of lawful uses: the Juki-net law table (住基法 別表), the hub's own service rights, and the
 * information-provision table. The authorisation stage asks one for a {@link Grant}; each table
 * says, in its own words and codes, why it refuses.
 */
public interface LawfulUses<R extends LawfulUse> {
  /** The row for (caller, affair), if the table has one. */
  Optional<R> rowFor(Body caller, String affair);

  /** The row with this id, whoever may use it. */
  Optional<R> row(String id);

  List<R> rows();

  /** The answer when the table has no row {@code affair} for this caller. */
  HubException noRow(String affair);

  /** The answer when {@code row} does not let a request name its subject by {@code key}. */
  HubException keyRefused(R row, String key);

  /** The answer when the subject lies outside {@code row}'s scope. */
  HubException outOfScope(R row);

  /**
   * Decides a request: the row for the notebook's caller and {@code affair}, which must allow
   * naming the subject by {@code key} (when the request names one) and reach a subject registered
   * in {@code home} (when the request says where). The deciding row goes into the notebook, whether
   * it allows the request or refuses it for what it asks.
   */
  default Grant grant(
      AuditNotebook notes, String affair, Optional<String> key, Optional<LgCode> home) {
    Body caller = notes.caller();
    R row = rowFor(caller, affair).orElseThrow(() -> noRow(affair));
    notes.affair(row.id());
    if (key.isPresent() && !row.allowsKey(key.get())) {
      throw keyRefused(row, key.get());
    }
    Grant grant = new Grant(row, caller, () -> outOfScope(row));
    if (home.isPresent() && !grant.reaches(home.get())) {
      throw outOfScope(row);
    }
    return grant;
  }
}
