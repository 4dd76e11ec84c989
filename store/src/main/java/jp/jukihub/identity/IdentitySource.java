package jp.jukihub.identity;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/** Where identity lookups read identity confirmation info: a tier, or a cache in front of one. */
public interface IdentitySource {
  Future<Optional<IdentityRecord>> byMyNumber(MyNumber number);

  Future<Optional<IdentityRecord>> byResidentCode(ResidentCode code);

  Future<List<IdentityReader.IdentityChange>> changes(long personId);

  /** Whether My Numbers are in force now (answers carry them only then). */
  boolean numbersLive();
}
