package jp.jukihub.provision;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.regex.Pattern;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.ResidentCode;

/**
 * {@link TokenAcquisition} over JDBC, for a thread of its own (the register's token lane): the same
 * statements and refusals, inside the caller's transactions, so the lane can take a request and
 * deliver its token in one commit. The network's statements run on one connection and the delivery
 * on another when the intermediate servers have a database of their own (the caller commits the
 * network's first, see {@link TokenAcquisition}). A refused acquisition leaves nothing behind (both
 * are rolled back to their savepoints); the caller's transactions go on.
 */
final class BlockingTokenAcquisition {
  // The Vert.x client numbers its parameters; JDBC's are positional. Each statement uses its
  // parameters once and in order, so the numbers can simply become question marks.
  private static final Pattern NUMBERED_PARAMETER = Pattern.compile("\\$\\d+");
  static final String REMEMBER = positional(TokenAcquisition.REMEMBER);
  static final String LINK = positional(TokenAcquisition.LINK);
  static final String ADDRESSED = positional(TokenAcquisition.ADDRESSED);
  static final String READDRESS = positional(TokenAcquisition.READDRESS);
  static final String DELIVER = positional(TokenAcquisition.DELIVER);

  private final NetworkKey key;

  BlockingTokenAcquisition(NetworkKey key) {
    this.key = key;
  }

  static String positional(String numbered) {
    return NUMBERED_PARAMETER.matcher(numbered).replaceAll("?");
  }

  /**
   * Links {@code bodyId}'s token for the person on {@code network} and delivers it under {@code
   * unifiedAddressNumber} on {@code intermediate} (the same connection or another), in their open
   * transactions. True when anything was new; false for a repetition, which changes nothing. A
   * {@link HubException} ({@code ACQUISITION_NUMBER_REUSED}, {@code ADDRESS_NUMBER_TAKEN}) when the
   * network refuses.
   */
  boolean acquire(
      Connection network,
      Connection intermediate,
      String bodyId,
      String acquisitionNumber,
      ResidentCode code,
      String unifiedAddressNumber,
      OffsetDateTime now)
      throws SQLException {
    byte[] link = key.link(code);
    byte[] token = key.token(bodyId, link);
    byte[] digest = key.acquisitionDigest(bodyId, acquisitionNumber);
    boolean apart = network != intermediate;
    Savepoint linking = network.setSavepoint();
    Savepoint delivering = apart ? intermediate.setSavepoint() : linking;
    try {
      boolean linked = link(network, bodyId, digest, link, token, now);
      boolean delivered = deliver(intermediate, bodyId, unifiedAddressNumber, token, now);
      network.releaseSavepoint(linking);
      if (apart) {
        intermediate.releaseSavepoint(delivering);
      }
      return linked || delivered;
    } catch (HubException refused) {
      network.rollback(linking);
      if (apart) {
        intermediate.rollback(delivering);
      }
      throw refused;
    }
  }

  private static boolean link(
      Connection connection,
      String bodyId,
      byte[] digest,
      byte[] link,
      byte[] token,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement remember = connection.prepareStatement(REMEMBER)) {
      set(remember, bodyId, digest, link, now);
      try (ResultSet remembered = remember.executeQuery()) {
        remembered.next();
        if (!Arrays.equals(remembered.getBytes(1), link)) {
          throw new HubException(
              ErrorCode.ACQUISITION_NUMBER_REUSED,
              "this acquisition number was used for another person");
        }
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(LINK)) {
      set(insert, bodyId, token, link, now);
      return insert.executeUpdate() > 0;
    }
  }

  private static boolean deliver(
      Connection connection,
      String bodyId,
      String unifiedAddressNumber,
      byte[] token,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement addressed = connection.prepareStatement(ADDRESSED)) {
      addressed.setString(1, bodyId);
      addressed.setString(2, unifiedAddressNumber);
      try (ResultSet held = addressed.executeQuery()) {
        if (held.next()) {
          if (Arrays.equals(held.getBytes(1), token)) {
            return false;
          }
          throw new HubException(
              ErrorCode.ADDRESS_NUMBER_TAKEN,
              "this unified address number holds another person's token");
        }
      }
    }
    // A body that renumbers a person moves the token to the new number.
    try (PreparedStatement readdress = connection.prepareStatement(READDRESS)) {
      readdress.setString(1, bodyId);
      readdress.setBytes(2, token);
      readdress.executeUpdate();
    }
    try (PreparedStatement insert = connection.prepareStatement(DELIVER)) {
      insert.setString(1, bodyId);
      insert.setString(2, unifiedAddressNumber);
      insert.setBytes(3, token);
      insert.setObject(4, now);
      insert.executeUpdate();
    }
    return true;
  }

  private static void set(
      PreparedStatement statement, String bodyId, byte[] first, byte[] second, OffsetDateTime now)
      throws SQLException {
    statement.setString(1, bodyId);
    statement.setBytes(2, first);
    statement.setBytes(3, second);
    statement.setObject(4, now);
  }
}
