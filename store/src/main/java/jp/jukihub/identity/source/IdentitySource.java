package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.Optional;
import jp.jukihub.identity.IdentityKey;

/**
 * Finds one person in the tiers: the one interface the tiered reads' links share (Boulder's {@code
 * Source}), each link doing one job and handing on to the next. See {@link IdentityChain} for the
 * order.
 */
@FunctionalInterface
public interface IdentitySource {
  /** The person {@code key} names, or none; {@code reach} is the caller's own tier. */
  Future<Optional<Found>> find(IdentityKey key, Reach reach);
}
