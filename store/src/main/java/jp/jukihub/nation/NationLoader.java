package jp.jukihub.nation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.person.Sex;
import jp.jukihub.progress.Progress;
import org.postgresql.PGConnection;

/**
 * Loads a synthetic nation into the three tiers in one transaction: the municipal records by COPY
 * while they are generated, then the prefecture and national identity copies from them inside the
 * server. Either the whole nation is there afterwards, or none of it. Blocking: never call it from
 * an event loop. A database failure is {@code STORE_UNAVAILABLE} naming its SQL state.
 */
public final class NationLoader {
  private static final String MUNICIPAL_COLUMNS =
      "person_id, lg_code, resident_code, my_number, household_id, relationship, name_kanji,"
          + " name_kana, birth_date, sex, address_rest, registered_on";
  private static final String IDENTITY_COLUMNS =
      "person_id, lg_code, resident_code, my_number, name_kanji, name_kana, birth_date, sex,"
          + " address_rest, status, version, updated_at";

  private final DataSource dataSource;
  private final NationGenerator generator;

  public NationLoader(DatabaseTarget database, NationGenerator generator) {
    this.dataSource = database.dataSource();
    this.generator = generator;
  }

  /** Residents currently in the municipal tier. */
  public long residentCount() {
    return residentCount(dataSource);
  }

  /** Residents currently in the municipal tier of {@code database}. */
  public static long residentCount(DatabaseTarget database) {
    return residentCount(database.dataSource());
  }

  private static long residentCount(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM municipal.resident")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw SqlFailures.storeUnavailable("the residents could not be counted", e);
    }
  }

  /**
   * Generates and loads the nation. With {@code replace} an existing nation is removed in the same
   * transaction; without it, a database that already holds residents is refused.
   */
  public SeedSummary load(NationOptions options, boolean replace, Progress progress) {
    try {
      return generateAndLoad(options, replace, progress);
    } catch (SQLException e) {
      throw SqlFailures.storeUnavailable("the nation could not be loaded", e);
    }
  }

  private SeedSummary generateAndLoad(NationOptions options, boolean replace, Progress progress)
      throws SQLException {
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        if (replace) {
          statement.execute(
              "TRUNCATE municipal.resident, municipal.change, municipal.move_out_certificate,"
                  + " municipal.spare_code, municipal.idempotency, municipal.outbox,"
                  + " municipal.token_request,"
                  + " prefecture.identity, prefecture.identity_change, prefecture.outbox,"
                  + " prefecture.shipment, national.identity, national.identity_change,"
                  + " national.shipment, national.issued_code, national.issued_number,"
                  + " public.nation_seed");
        } else if (hasResidents(statement)) {
          throw new IllegalStateException(
              "the database already holds a nation; use --replace to generate a new one");
        }
      }
      Tally tally = copyMunicipalTier(connection, options, progress);
      copyIdentityTiers(connection, progress);
      recordSeed(connection, options);
      connection.commit();
      progress.phase("analysing");
      try (Statement statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        statement.execute(
            "ANALYZE municipal.resident, prefecture.identity, national.identity, national.issued_code,"
                + " national.issued_number");
      }
      return tally.summary(options.residents(), Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private static boolean hasResidents(Statement statement) throws SQLException {
    try (ResultSet rows =
        statement.executeQuery("SELECT EXISTS (SELECT 1 FROM municipal.resident)")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  private Tally copyMunicipalTier(Connection connection, NationOptions options, Progress progress)
      throws SQLException {
    progress.phase("generating residents into the municipal tier");
    CopyRows rows =
        new CopyRows(
            connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY municipal.resident (" + MUNICIPAL_COLUMNS + ") FROM STDIN"));
    Tally tally = new Tally(options.asOf());
    long total = options.residents();
    long every = Math.max(1, total / 200);
    SQLException[] failure = new SQLException[1];
    long collisions =
        generator.generate(
            options,
            resident -> {
              if (failure[0] != null) {
                return;
              }
              try {
                rows.field(resident.personId())
                    .field(resident.municipality().value())
                    .field(resident.residentCode().value())
                    .field(resident.myNumber().value())
                    .field(resident.householdId())
                    .field(resident.relationship())
                    .field(resident.name().kanji())
                    .field(resident.name().kana())
                    .field(resident.birthDate().date().toString())
                    .field(resident.sex().code())
                    .field(resident.addressRest())
                    .field(resident.registeredOn().toString())
                    .endRow();
              } catch (SQLException e) {
                failure[0] = e;
                return;
              }
              tally.count(resident);
              if (tally.residents % every == 0) {
                progress.advanced(tally.residents, total);
              }
            });
    if (failure[0] != null) {
      throw failure[0];
    }
    rows.finish();
    progress.advanced(total, total);
    tally.collisions = collisions;
    return tally;
  }

  private static void copyIdentityTiers(Connection connection, Progress progress)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      progress.phase("propagating identity info to the prefecture tier");
      statement.execute(
          "INSERT INTO prefecture.identity (pref_code, "
              + IDENTITY_COLUMNS
              + ")"
              + " SELECT substr(lg_code, 1, 2), "
              + IDENTITY_COLUMNS
              + " FROM municipal.resident");
      progress.phase("propagating identity info to the national tier");
      statement.execute(
          "INSERT INTO national.identity ("
              + IDENTITY_COLUMNS
              + ")"
              + " SELECT "
              + IDENTITY_COLUMNS
              + " FROM municipal.resident");
      progress.phase("recording the issued resident codes and numbers at J-LIS");
      statement.execute(
          "INSERT INTO national.issued_code (resident_code, lg_code)"
              + " SELECT resident_code, lg_code FROM municipal.resident");
      statement.execute(
          "INSERT INTO national.issued_number (my_number, resident_code, attempt)"
              + " SELECT my_number, resident_code, 0 FROM municipal.resident");
    }
  }

  private static void recordSeed(Connection connection, NationOptions options) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO public.nation_seed (seed, residents, as_of) VALUES (?, ?, ?)")) {
      insert.setLong(1, options.seed());
      insert.setLong(2, options.residents());
      insert.setObject(3, options.asOf());
      insert.executeUpdate();
    }
  }

  /** Running counts for the summary, taken as rows stream past. */
  private static final class Tally {
    private final LocalDate asOf;
    private final Set<String> municipalities = new HashSet<>();
    private long residents;
    private long lastHousehold;
    private long households;
    private long female;
    private long aged65AndOver;
    private long children;
    private long collisions;

    Tally(LocalDate asOf) {
      this.asOf = asOf;
    }

    void count(SyntheticResident resident) {
      residents++;
      if (resident.householdId() != lastHousehold) {
        households++;
        lastHousehold = resident.householdId();
      }
      municipalities.add(resident.municipality().value());
      if (resident.sex() == Sex.FEMALE) {
        female++;
      }
      int age = resident.birthDate().ageOn(asOf);
      if (age >= 65) {
        aged65AndOver++;
      } else if (age <= 14) {
        children++;
      }
    }

    SeedSummary summary(long expected, Duration elapsed) {
      if (residents != expected) {
        throw new IllegalStateException(
            "generated " + residents + " residents, expected " + expected);
      }
      return new SeedSummary(
          residents,
          households,
          municipalities.size(),
          female,
          aged65AndOver,
          children,
          collisions,
          elapsed);
    }
  }
}
