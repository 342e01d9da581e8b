package db2kafka.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * `capture prune`: what Capture's pruning does, run on demand. It deletes the CD rows of every
 * registration of the schema and the IBMSNAP_UOW rows with a commit sequence at or below the prune
 * point: by default the lowest IBMSNAP_PRUNE_SET synchpoint (Capture's normal pruning), or the
 * sequence given with --to (as retention-limit pruning removes rows whatever the subscriptions
 * have read). Runs in the caller's transaction.
 */
final class Pruner {
  private Pruner() {}

  /** Returns the number of CD and UOW rows deleted. */
  static long prune(Connection c, String s, String toHex) throws SQLException {
    String qs = Registrar.q(s);
    try (Statement st = c.createStatement()) {
      // The capture cycle takes the same row lock first: a prune never interleaves with a cycle.
      st.executeUpdate("UPDATE " + qs + ".IBMSNAP_RESTART SET CURR_COMMIT_TIME = CURR_COMMIT_TIME");
    }
    byte[] point;
    if (toHex != null) {
      int width = sequenceWidth(c, qs);
      point = Lsn.parse(toHex, width).bytes();
    } else {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT MIN(SYNCHPOINT) FROM " + qs + ".IBMSNAP_PRUNE_SET")) {
        rs.next();
        point = rs.getBytes(1);
      }
      if (point == null) return 0;
    }
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT CD_OWNER, CD_TABLE FROM " + qs
            + ".IBMSNAP_REGISTER WHERE GLOBAL_RECORD = 'N' AND CD_TABLE IS NOT NULL")) {
      while (rs.next()) tables.add(Registrar.q(rs.getString(1).trim()) + "." + Registrar.q(rs.getString(2).trim()));
    }
    tables.add(qs + ".IBMSNAP_UOW");
    long deleted = 0;
    for (String table : tables) {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM " + table + " WHERE IBMSNAP_COMMITSEQ <= ?")) {
        ps.setBytes(1, point);
        deleted += ps.executeUpdate();
      }
    }
    System.out.println("capture: pruned " + deleted + " CD and UOW rows at or below "
        + HexFormat.of().formatHex(point) + " in " + s);
    return deleted;
  }

  private static int sequenceWidth(Connection c, String qs) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX_COMMITSEQ FROM " + qs + ".IBMSNAP_RESTART")) {
      if (!rs.next()) throw new SQLException(qs + ".IBMSNAP_RESTART is empty");
      return rs.getBytes(1).length;
    }
  }
}
