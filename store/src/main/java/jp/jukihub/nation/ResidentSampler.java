package jp.jukihub.nation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.SqlFailures;

/**
 * Random existing My Numbers with their municipality, from the national tier: feeders for load
 * tests and smoke checks. Only current residents are sampled. Blocking; a database failure is
 * {@code STORE_UNAVAILABLE} naming its SQL state.
 */
public final class ResidentSampler {
  /** One sampled resident: the number and where they are registered. */
  public record Sample(String myNumber, String lgCode) {}

  private final DataSource dataSource;

  public ResidentSampler(DatabaseTarget database) {
    this.dataSource = database.dataSource();
  }

  /**
   * Up to {@code count} distinct residents, optionally only those of one prefecture ("01"-"47").
   */
  public List<Sample> sample(int count, String prefectureCode) {
    String sql =
        "SELECT my_number, lg_code FROM national.identity"
            + " WHERE status = 'current' AND my_number IS NOT NULL"
            + (prefectureCode == null ? "" : " AND lg_code LIKE ?")
            + " ORDER BY random() LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int parameter = 1;
      if (prefectureCode != null) {
        query.setString(parameter++, prefectureCode + "%");
      }
      query.setInt(parameter, count);
      List<Sample> samples = new ArrayList<>(Math.min(count, 100_000));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          samples.add(new Sample(rows.getString(1), rows.getString(2)));
        }
      }
      return samples;
    } catch (SQLException e) {
      throw SqlFailures.storeUnavailable("no residents could be sampled", e);
    }
  }
}
