package jp.jukihub.register;

import io.vertx.core.Future;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;

/** The municipal reads: a municipality's own records of a resident. */
public interface ResidentRecords {
  /**
   * Every record this municipality holds for the resident, and every change to them: what, why,
   * when.
   */
  Future<RegisterAnswer> history(LgCode municipality, ResidentCode residentCode);
}
