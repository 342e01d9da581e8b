package db2kafka.capture;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One commit interval of one capture schema, in one Derby transaction: take the committed
 * transactions ServerHooks stamped (in stamp order), move their staging rows into the CD tables
 * with fresh intent and commit sequences, write their IBMSNAP_UOW rows, advance the synchpoints
 * (IBMSNAP_REGISTER, IBMSNAP_RESTART) and delete the staging rows; after the commit, tell the
 * server those transactions are done. Used by one thread (CaptureMain's loop).
 */
final class CaptureCycle {
  record Registration(String owner, String table, String cdOwner, String cdTable, boolean delIns,
      String prefix, String staging, int columns) {}

  record Change(Registration reg, long writeSeq, String op, Object[] before, Object[] after) {}

  record Committed(long tag, long order, Timestamp time, String authId, String authToken) {}

  record Result(int transactions, int cdRows, int maxTransactionSize, Lsn synchpoint) {}

  private final Connection c;
  private final String s;
  private final String qs;
  private final Map<String, int[]> cdTypes = new HashMap<>();

  CaptureCycle(Connection c, String captureSchema) {
    this.c = c;
    this.s = captureSchema;
    this.qs = Registrar.q(captureSchema);
  }

  Result run() throws SQLException {
    try {
      Result r = runInTransaction();
      c.commit();
      return r;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  long lastOrder = -1;

  void acknowledge() throws SQLException {
    if (lastOrder < 0) return;
    try (PreparedStatement ps = c.prepareStatement("VALUES " + qs + ".STANDIN_ACK(?, ?)")) {
      ps.setString(1, s);
      ps.setLong(2, lastOrder);
      ps.executeQuery().close();
    }
    c.commit();
  }

  private Result runInTransaction() throws SQLException {
    lastOrder = -1;
    // The RESTART row is this schema's lock: a second capture for it waits here.
    try (Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE " + qs + ".IBMSNAP_RESTART SET CURR_COMMIT_TIME = CURRENT_TIMESTAMP");
    }
    Lsn lsn;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX_COMMITSEQ FROM " + qs + ".IBMSNAP_RESTART")) {
      if (!rs.next()) throw new SQLException(s + ".IBMSNAP_RESTART is empty");
      lsn = Lsn.of(rs.getBytes(1));
    }
    long firstTag = scalarLong("VALUES " + qs + ".STANDIN_FIRST_TAG()");
    List<Committed> committed = committed();
    Map<Long, Committed> byTag = new HashMap<>();
    for (Committed t : committed) byTag.put(t.tag, t);
    if (!committed.isEmpty()) lastOrder = committed.get(committed.size() - 1).order;

    // Changes per transaction: orphans (tags of an earlier server run, committed since they
    // survived) first by tag, then this run's committed transactions in stamp order.
    Map<Long, List<Change>> changes = new LinkedHashMap<>();
    List<Registration> regs = registrations();
    for (Registration reg : regs) readStaging(reg, byTag, firstTag, changes);
    List<Long> orphans = new ArrayList<>();
    for (Long tag : changes.keySet()) if (!byTag.containsKey(tag)) orphans.add(tag);
    orphans.sort(null);
    List<Long> order = new ArrayList<>(orphans);
    for (Committed t : committed) if (changes.containsKey(t.tag)) order.add(t.tag);

    Map<Registration, byte[]> newSynch = new HashMap<>();
    Map<Registration, PreparedStatement> inserts = new HashMap<>();
    int cdRows = 0;
    int maxSize = 0;
    Timestamp lastCommitTime = null;
    try (PreparedStatement uow = c.prepareStatement("INSERT INTO " + qs + ".IBMSNAP_UOW("
        + "IBMSNAP_UOWID, IBMSNAP_COMMITSEQ, IBMSNAP_LOGMARKER, IBMSNAP_AUTHTKN, IBMSNAP_AUTHID)"
        + " VALUES (?, ?, ?, ?, ?)")) {
      for (Long tag : order) {
        List<Change> tx = changes.get(tag);
        tx.sort((a, b) -> Long.compare(a.writeSeq, b.writeSeq));
        List<Object[]> rows = new ArrayList<>();
        List<Registration> rowRegs = new ArrayList<>();
        for (Change ch : tx) {
          for (Object[] row : cdRows(ch)) {
            lsn = lsn.next();
            row[1] = lsn.bytes();
            rows.add(row);
            rowRegs.add(ch.reg);
          }
        }
        lsn = lsn.next();
        byte[] commitSeq = lsn.bytes();
        for (int i = 0; i < rows.size(); i++) {
          rows.get(i)[0] = commitSeq;
          Registration reg = rowRegs.get(i);
          addCdRow(inserts, reg, rows.get(i));
          newSynch.put(reg, commitSeq);
        }
        Committed info = byTag.get(tag);
        Timestamp time = info != null ? info.time : Timestamp.from(Instant.now());
        lastCommitTime = time;
        uow.setBytes(1, uowId(tag));
        uow.setBytes(2, commitSeq);
        uow.setTimestamp(3, time);
        uow.setString(4, info != null ? info.authToken : "DERBY-EARLIER-RUN");
        uow.setString(5, info != null ? info.authId : "UNKNOWN");
        uow.addBatch();
        cdRows += rows.size();
        maxSize = Math.max(maxSize, rows.size());
      }
      for (PreparedStatement ps : inserts.values()) ps.executeBatch();
      uow.executeBatch();
    } finally {
      for (PreparedStatement ps : inserts.values()) ps.close();
    }

    // The end of this interval's "log read": above every commit sequence handed out so far.
    lsn = lsn.next();
    byte[] synchpoint = lsn.bytes();
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + qs + ".IBMSNAP_REGISTER SET"
        + " SYNCHPOINT = ?, SYNCHTIME = ?")) {
      ps.setBytes(1, synchpoint);
      ps.setTimestamp(2, now);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + qs + ".IBMSNAP_REGISTER SET"
        + " CD_NEW_SYNCHPOINT = ? WHERE SOURCE_OWNER = ? AND SOURCE_TABLE = ?")) {
      for (Map.Entry<Registration, byte[]> e : newSynch.entrySet()) {
        ps.setBytes(1, e.getValue());
        ps.setString(2, e.getKey().owner);
        ps.setString(3, e.getKey().table);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + qs + ".IBMSNAP_RESTART SET"
        + " MAX_COMMITSEQ = ?, MIN_INFLIGHTSEQ = ?, CURR_COMMIT_TIME = ?"
        + (lastCommitTime != null ? ", MAX_COMMIT_TIME = ?" : ""))) {
      ps.setBytes(1, synchpoint);
      ps.setBytes(2, synchpoint);
      ps.setTimestamp(3, now);
      if (lastCommitTime != null) ps.setTimestamp(4, lastCommitTime);
      ps.executeUpdate();
    }
    deleteStaging(regs, changes);
    return new Result(order.size(), cdRows, maxSize, lsn);
  }

  private long scalarLong(String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<Committed> committed() throws SQLException {
    List<Committed> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT TAG, COMMIT_ORDER, COMMIT_TIME, AUTHID,"
        + " AUTHTKN FROM TABLE(" + qs + ".STANDIN_COMMITTED(?)) T ORDER BY COMMIT_ORDER")) {
      ps.setString(1, s);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Committed(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3), rs.getString(4),
              rs.getString(5)));
        }
      }
    }
    return out;
  }

  private List<Registration> registrations() throws SQLException {
    List<Registration> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT R.SOURCE_OWNER, R.SOURCE_TABLE, R.CD_OWNER,"
            + " R.CD_TABLE, R.CHG_UPD_TO_DEL_INS, R.BEFORE_IMG_PREFIX, G.STAGING_TABLE,"
            + " G.COLUMN_COUNT FROM " + qs + ".IBMSNAP_REGISTER R JOIN " + qs + "."
            + ControlTables.REGISTRATION + " G ON R.SOURCE_OWNER = G.SOURCE_OWNER AND"
            + " R.SOURCE_TABLE = G.SOURCE_TABLE ORDER BY G.STAGING_TABLE")) {
      while (rs.next()) {
        out.add(new Registration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            "Y".equals(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getInt(8)));
      }
    }
    return out;
  }

  /** Uncommitted read: rows of committed transactions are final and it never waits for locks. */
  private void readStaging(Registration reg, Map<Long, Committed> byTag, long firstTag,
      Map<Long, List<Change>> changes) throws SQLException {
    int n = reg.columns;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + qs + "." + reg.staging + " WITH UR")) {
      while (rs.next()) {
        long tag = rs.getLong("TXTAG");
        if (!byTag.containsKey(tag) && tag >= firstTag) continue;  // in flight, or rolling back
        Object[] before = new Object[n];
        Object[] after = new Object[n];
        for (int i = 0; i < n; i++) {
          before[i] = materialize(rs.getObject(4 + i));
          after[i] = materialize(rs.getObject(4 + n + i));
        }
        changes.computeIfAbsent(tag, t -> new ArrayList<>())
            .add(new Change(reg, rs.getLong("WRITE_SEQ"), rs.getString("OP"), before, after));
      }
    }
  }

  private static Object materialize(Object value) throws SQLException {
    if (value instanceof Clob clob) return clob.getSubString(1, (int) clob.length());
    if (value instanceof Blob blob) return blob.getBytes(1, (int) blob.length());
    return value;
  }

  /** CD rows for one change, slots 0 and 1 (commit and intent sequence) left to the caller. */
  private static List<Object[]> cdRows(Change ch) {
    Registration reg = ch.reg;
    List<Object[]> rows = new ArrayList<>();
    switch (ch.op) {
      case "I" -> rows.add(cdRow(reg, "I", null, ch.after));
      case "D" -> rows.add(cdRow(reg, "D", ch.before, ch.before));
      case "U" -> {
        if (reg.delIns) {
          rows.add(cdRow(reg, "D", ch.before, ch.before));
          rows.add(cdRow(reg, "I", ch.before, ch.after));
        } else {
          rows.add(cdRow(reg, "U", ch.before, ch.after));
        }
      }
      default -> throw new IllegalStateException("staging operation " + ch.op);
    }
    return rows;
  }

  private static Object[] cdRow(Registration reg, String op, Object[] before, Object[] after) {
    int n = reg.columns;
    int images = reg.prefix != null ? 2 : 1;
    Object[] row = new Object[3 + images * n];
    row[2] = op;
    int at = 3;
    if (reg.prefix != null) {
      for (int i = 0; i < n; i++) row[at++] = before == null ? null : before[i];
    }
    for (int i = 0; i < n; i++) row[at++] = after[i];
    return row;
  }

  private void addCdRow(Map<Registration, PreparedStatement> inserts, Registration reg, Object[] row)
      throws SQLException {
    PreparedStatement ps = inserts.get(reg);
    String cd = Registrar.q(reg.cdOwner) + "." + Registrar.q(reg.cdTable);
    if (ps == null) {
      ps = c.prepareStatement("INSERT INTO " + cd + " VALUES (?" + ", ?".repeat(row.length - 1) + ")");
      inserts.put(reg, ps);
    }
    int[] types = cdTypes.get(cd);
    if (types == null) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM " + cd + " WHERE 1 = 0")) {
        ResultSetMetaData md = rs.getMetaData();
        types = new int[md.getColumnCount()];
        for (int i = 0; i < types.length; i++) types[i] = md.getColumnType(i + 1);
      }
      cdTypes.put(cd, types);
    }
    for (int i = 0; i < row.length; i++) {
      if (row[i] == null) ps.setNull(i + 1, types[i]);
      else ps.setObject(i + 1, row[i]);
    }
    ps.addBatch();
  }

  private void deleteStaging(List<Registration> regs, Map<Long, List<Change>> changes) throws SQLException {
    Map<Registration, List<Long>> byReg = new HashMap<>();
    for (List<Change> tx : changes.values()) {
      for (Change ch : tx) byReg.computeIfAbsent(ch.reg, r -> new ArrayList<>()).add(ch.writeSeq);
    }
    for (Map.Entry<Registration, List<Long>> e : byReg.entrySet()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qs + "." + e.getKey().staging
          + " WHERE WRITE_SEQ = ?")) {
        for (long seq : e.getValue()) {
          ps.setLong(1, seq);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  /** IBMSNAP_UOWID: 10 bytes, the transaction's tag right-aligned. */
  private static byte[] uowId(long tag) {
    byte[] id = new byte[10];
    for (int i = 0; i < 8; i++) id[2 + i] = (byte) (tag >>> (56 - 8 * i));
    return id;
  }
}
