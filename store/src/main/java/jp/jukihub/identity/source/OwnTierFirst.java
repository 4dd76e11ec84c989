package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.Optional;
import jp.jukihub.identity.IdentityKey;

/**
 * The caller's own tier first, as Juki-net routes: a prefecture reads its own server for its
 * residents, a municipality its own resident records; everyone else, and anyone the own tier does
 * not hold, goes to the national tier. The own tier failing is no reason to fail the lookup: the
 * national tier holds everyone.
 */
final class OwnTierFirst implements IdentitySource {
  private final IdentitySource prefecture;
  private final IdentitySource municipal;
  private final IdentitySource national;

  OwnTierFirst(IdentitySource prefecture, IdentitySource municipal, IdentitySource national) {
    this.prefecture = prefecture;
    this.municipal = municipal;
    this.national = national;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    IdentitySource own =
        switch (reach.kind()) {
          case NONE -> null;
          case PREFECTURE -> prefecture;
          case MUNICIPALITY -> municipal;
        };
    if (own == null) {
      return national.find(key, Reach.NONE);
    }
    return own.find(key, reach)
        .recover(cause -> Future.succeededFuture(Optional.empty()))
        .compose(
            found ->
                found.isPresent() ? Future.succeededFuture(found) : national.find(key, Reach.NONE));
  }
}
