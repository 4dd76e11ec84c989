package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.List;
import jp.jukihub.identity.IdentityChange;

/** A found person's changes, up to the version found, from the tier that found them. */
@FunctionalInterface
public interface ChangeSource {
  Future<List<IdentityChange>> changes(Found found);
}
