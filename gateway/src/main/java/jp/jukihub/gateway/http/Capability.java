package jp.jukihub.gateway.http;

import java.util.List;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.ops.HealthCheck;

/**
 * One of the hub's capabilities (identity, register, audit, JPKI, and those to come): it builds its
 * services, meters and background work when made, declares its routes here, and stops what it
 * started on {@link #close}. The hub composes them; adding one touches no other's files.
 */
public interface Capability extends AutoCloseable {
  /** Declares the capability's API routes; called once for each API verticle. */
  void declareRoutes(ApiRoutes routes);

  /**
   * The tables whose rows decide this capability's routes, so a record's affair id can be described
   * to a resident (My Portal).
   */
  default List<LawfulUses<?>> lawfulUses() {
    return List.of();
  }

  /** What {@code /health/ready} checks for this capability. */
  default List<HealthCheck> checks() {
    return List.of();
  }

  /** Stops the capability's background work; from a plain thread, before Vert.x closes. */
  @Override
  default void close() {}
}
