package jp.jukihub.database;

import java.util.Optional;

/**
 * The database the hub runs against: the external server named in {@link DatabaseOptions}, or an
 * embedded one it starts and owns. Opening applies the schema, so callers find it current, and
 * gives the hub's least-privilege roles their logins ({@link DatabaseRoles}): {@link #target()} is
 * the owner's, for migrations, seeding and administration; the hub's pools switch from it to their
 * roles with {@link DatabaseTarget#as}.
 */
public final class Database implements AutoCloseable {
  private final DatabaseTarget target;
  private final Optional<EmbeddedDatabase> embedded;

  private Database(DatabaseTarget target, Optional<EmbeddedDatabase> embedded) {
    this.target = target;
    this.embedded = embedded;
  }

  /** Blocking: starts the embedded server if configured, then migrates the schema. */
  public static Database open(DatabaseOptions options) {
    Optional<EmbeddedDatabase> embedded =
        options.embedded()
            ? Optional.of(
                EmbeddedDatabase.start(options.embeddedDataDirectory(), options.passwordKeyFile()))
            : Optional.empty();
    try {
      DatabaseTarget owner =
          embedded
              .map(EmbeddedDatabase::target)
              .orElseGet(() -> DatabaseTarget.fromUri(options.url()));
      return new Database(prepare(owner, options), embedded);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      throw e;
    }
  }

  /**
   * Blocking: migrates {@code other}, a tier's or the intermediate servers' database, as its URL's
   * user, and readies the hub's roles there: the returned target switches to them with {@link
   * DatabaseTarget#as}. On the server of {@code known}, a database already prepared, {@code other}
   * joins the roles' logins {@code known} carries instead of setting their passwords again (roles
   * belong to the server; see {@link DatabaseRoles#join}); on another server the roles get their
   * logins there, as on the hub's own database.
   */
  public static DatabaseTarget prepareOther(
      DatabaseTarget other, DatabaseTarget known, DatabaseOptions options) {
    if (!other.sameServer(known) || known.logins().isEmpty()) {
      return prepare(other, options);
    }
    SchemaMigrations.apply(other);
    return DatabaseRoles.join(other, known.logins(), options.acceptOwnerRights());
  }

  private static DatabaseTarget prepare(DatabaseTarget owner, DatabaseOptions options) {
    // Roles' passwords follow the owner's; an owner who logs in without one (peer, .pgpass)
    // leaves them to the key file.
    DatabasePasswords passwords =
        owner.password() != null
            ? DatabasePasswords.ofOwner(owner.password())
            : DatabasePasswords.loadOrCreate(options.passwordKeyFile());
    SchemaMigrations.apply(owner);
    return DatabaseRoles.enable(owner, passwords, options.acceptOwnerRights());
  }

  public DatabaseTarget target() {
    return target;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
