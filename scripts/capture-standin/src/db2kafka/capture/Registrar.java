package db2kafka.capture;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * `register` and `deregister`: a registration is the CD table, the IBMSNAP_REGISTER and
 * IBMSNAP_PRUNCNTL rows Db2's ASNCLP/Replication Center would write, plus the stand-in's staging
 * table and three AFTER ... FOR EACH ROW triggers that copy every change into it inside the
 * changing transaction. All of it is created in one transaction; the caller commits.
 */
final class Registrar {
  private Registrar() {}

  static final class Options {
    String captureSchema = "ASN";
    Integer seqWidth;  // null: the schema's width, 16 for a new schema
    boolean delIns = true;
    String beforeImagePrefix;  // null: no before-image columns
    String cdOwner;  // null: the capture schema
    String cdTable;  // null: CDC_<schema>_<table>
    String firstSeq;  // hex, for a new capture schema
    int commitIntervalMs = 500;
  }

  record Column(String name, String type, boolean nullable) {}

  static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String lit(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Ensures the capture schema's control tables exist; returns its sequence width. */
  static int init(Connection c, Options o) throws SQLException {
    String s = o.captureSchema;
    if (ControlTables.exist(c, s)) {
      int width = ControlTables.width(c, s);
      if (o.seqWidth != null && o.seqWidth != width) {
        throw new SQLException("capture schema " + s + " already uses " + width + "-byte sequences;"
            + " --seq-width " + o.seqWidth + " needs another capture schema (--capture-schema)");
      }
      return width;
    }
    int width = o.seqWidth == null ? 16 : o.seqWidth;
    Lsn first = Lsn.parse(o.firstSeq == null ? "0000000100000000" : o.firstSeq, width);
    ControlTables.create(c, q(s), width, first.bytes(), o.commitIntervalMs);
    return width;
  }

  static List<Column> columns(Connection c, String owner, String table) throws SQLException {
    List<Column> cols = new ArrayList<>();
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getColumns(null, owner, table, null)) {
      while (rs.next()) {
        cols.add(new Column(rs.getString("COLUMN_NAME"), typeSql(rs),
            rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls));
      }
    }
    if (cols.isEmpty()) throw new SQLException("table " + owner + "." + table + " not found");
    return cols;
  }

  private static String typeSql(ResultSet rs) throws SQLException {
    int size = rs.getInt("COLUMN_SIZE");
    int type = rs.getInt("DATA_TYPE");
    switch (type) {
      case Types.CHAR: return "CHAR(" + size + ")";
      case Types.VARCHAR: return "VARCHAR(" + size + ")";
      case Types.LONGVARCHAR: return "LONG VARCHAR";
      case Types.BINARY: return "CHAR(" + size + ") FOR BIT DATA";
      case Types.VARBINARY: return "VARCHAR(" + size + ") FOR BIT DATA";
      case Types.LONGVARBINARY: return "LONG VARCHAR FOR BIT DATA";
      case Types.CLOB: return "CLOB(" + size + ")";
      case Types.BLOB: return "BLOB(" + size + ")";
      case Types.DECIMAL: case Types.NUMERIC:
        return "DECIMAL(" + size + "," + rs.getInt("DECIMAL_DIGITS") + ")";
      case Types.SMALLINT: return "SMALLINT";
      case Types.INTEGER: return "INTEGER";
      case Types.BIGINT: return "BIGINT";
      case Types.REAL: return "REAL";
      case Types.DOUBLE: case Types.FLOAT: return "DOUBLE";
      case Types.DATE: return "DATE";
      case Types.TIME: return "TIME";
      case Types.TIMESTAMP: return "TIMESTAMP";
      case Types.BOOLEAN: return "BOOLEAN";
      default:
        throw new SQLException("column " + rs.getString("COLUMN_NAME") + " has type "
            + rs.getString("TYPE_NAME") + ", which the capture stand-in cannot register");
    }
  }

  private static String resolveTable(Connection c, String owner, String table) throws SQLException {
    if (ControlTables.tableExists(c, owner, table)) return table;
    throw new SQLException("table " + owner + "." + table + " not found (names are case-sensitive"
        + " catalog names, e.g. APP ORDERS)");
  }

  static void register(Connection c, String owner, String table, Options o) throws SQLException {
    String s = o.captureSchema;
    table = resolveTable(c, owner, table);
    int width = init(c, o);
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + q(s) + ".IBMSNAP_REGISTER"
        + " WHERE SOURCE_OWNER = ? AND SOURCE_TABLE = ?")) {
      ps.setString(1, owner);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) throw new SQLException(owner + "." + table + " is already registered in " + s);
      }
    }
    List<Column> cols = columns(c, owner, table);
    String cdOwner = o.cdOwner == null ? s : o.cdOwner;
    String cdTable = o.cdTable == null ? "CDC_" + owner + "_" + table : o.cdTable;
    String seq = width == 10 ? "CHAR(10) FOR BIT DATA" : "VARCHAR(16) FOR BIT DATA";
    String prefix = o.beforeImagePrefix;
    String src = q(owner) + "." + q(table);

    StringBuilder cd = new StringBuilder("CREATE TABLE " + q(cdOwner) + "." + q(cdTable)
        + " (IBMSNAP_COMMITSEQ " + seq + " NOT NULL, IBMSNAP_INTENTSEQ " + seq + " NOT NULL,"
        + " IBMSNAP_OPERATION CHAR(1) NOT NULL");
    if (prefix != null) {
      for (Column col : cols) cd.append(", ").append(q(prefix + col.name())).append(' ').append(col.type());
    }
    for (Column col : cols) {
      cd.append(", ").append(q(col.name())).append(' ').append(col.type())
          .append(col.nullable() ? "" : " NOT NULL");
    }
    cd.append(')');

    int number = nextNumber(c, s);
    String staging = "STANDIN_STG_" + number;
    String trigger = "STANDIN_TRG_" + number;
    StringBuilder stg = new StringBuilder("CREATE TABLE " + q(s) + "." + staging
        + " (WRITE_SEQ BIGINT NOT NULL PRIMARY KEY, TXTAG BIGINT NOT NULL, OP CHAR(1) NOT NULL");
    for (int i = 0; i < cols.size(); i++) stg.append(", B").append(i + 1).append(' ').append(cols.get(i).type());
    for (int i = 0; i < cols.size(); i++) stg.append(", A").append(i + 1).append(' ').append(cols.get(i).type());
    stg.append(')');

    try (Statement st = c.createStatement()) {
      st.executeUpdate(cd.toString());
      String index = ("IXCDC_" + cdTable);
      if (index.length() > 128) index = index.substring(0, 128);
      st.executeUpdate("CREATE UNIQUE INDEX " + q(cdOwner) + "." + q(index) + " ON " + q(cdOwner)
          + "." + q(cdTable) + "(IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ)");
      st.executeUpdate(stg.toString());
      st.executeUpdate(triggerSql(s, trigger + "_I", "INSERT", src, "REFERENCING NEW AS N", staging, "I", cols, null, "N"));
      st.executeUpdate(triggerSql(s, trigger + "_U", "UPDATE", src, "REFERENCING OLD AS O NEW AS N", staging, "U", cols, "O", "N"));
      st.executeUpdate(triggerSql(s, trigger + "_D", "DELETE", src, "REFERENCING OLD AS O", staging, "D", cols, "O", null));
    }

    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(s) + ".IBMSNAP_REGISTER("
        + "SOURCE_OWNER, SOURCE_TABLE, SOURCE_VIEW_QUAL, GLOBAL_RECORD, SOURCE_STRUCTURE,"
        + " SOURCE_CONDENSED, SOURCE_COMPLETE, CD_OWNER, CD_TABLE, PHYS_CHANGE_OWNER,"
        + " PHYS_CHANGE_TABLE, CD_OLD_SYNCHPOINT, CD_NEW_SYNCHPOINT, DISABLE_REFRESH, SYNCHPOINT,"
        + " SYNCHTIME, ARCH_LEVEL, BEFORE_IMG_PREFIX, CONFLICT_LEVEL, CHG_UPD_TO_DEL_INS, CHGONLY,"
        + " RECAPTURE, OPTION_FLAGS, STOP_ON_ERROR, STATE)"
        + " SELECT ?, ?, 0, 'N', 1, 'Y', 'Y', ?, ?, ?, ?, G.SYNCHPOINT, G.SYNCHPOINT, 0,"
        + " G.SYNCHPOINT, G.SYNCHTIME, ?, ?, '0', ?, 'N', 'Y', 'NNNN', 'Y', 'A'"
        + " FROM " + q(s) + ".IBMSNAP_REGISTER G WHERE G.GLOBAL_RECORD = 'Y'")) {
      int i = 1;
      ps.setString(i++, owner);
      ps.setString(i++, table);
      ps.setString(i++, cdOwner);
      ps.setString(i++, cdTable);
      ps.setString(i++, cdOwner);
      ps.setString(i++, cdTable);
      ps.setString(i++, width == 16 ? "1021" : "0901");
      ps.setString(i++, prefix);
      ps.setString(i++, o.delIns ? "Y" : "N");
      if (ps.executeUpdate() != 1) throw new SQLException(s + ".IBMSNAP_REGISTER has no global record");
    }
    // The rows Debezium's ASNCDC.ADDTABLE writes, so pruning has a target to work with.
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(s) + ".IBMSNAP_PRUNCNTL("
        + "TARGET_SERVER, TARGET_OWNER, TARGET_TABLE, SYNCHTIME, SYNCHPOINT, SOURCE_OWNER,"
        + " SOURCE_TABLE, SOURCE_VIEW_QUAL, APPLY_QUAL, SET_NAME, CNTL_SERVER, TARGET_STRUCTURE,"
        + " CNTL_ALIAS, PHYS_CHANGE_OWNER, PHYS_CHANGE_TABLE, MAP_ID) SELECT 'KAFKA', ?, ?,"
        + " CAST(NULL AS TIMESTAMP), CAST(NULL AS VARCHAR(16) FOR BIT DATA), ?, ?, 0, 'KAFKAQUAL', 'SET001', 'KAFKA', 9, 'KAFKA', ?, ?,"
        + " CAST(CAST(COALESCE(MAX(CAST(MAP_ID AS INT)), 0) + 1 AS CHAR(10)) AS VARCHAR(10))"
        + " FROM " + q(s) + ".IBMSNAP_PRUNCNTL")) {
      ps.setString(1, owner);
      ps.setString(2, table);
      ps.setString(3, owner);
      ps.setString(4, table);
      ps.setString(5, cdOwner);
      ps.setString(6, cdTable);
      ps.executeUpdate();
    }
    try (Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO " + q(s) + ".IBMSNAP_PRUNE_SET(TARGET_SERVER, APPLY_QUAL,"
          + " SET_NAME, SYNCHTIME, SYNCHPOINT) SELECT 'KAFKA', 'KAFKAQUAL', 'SET001',"
          + " CAST(NULL AS TIMESTAMP), CAPTURE_FIRST_SEQ FROM " + q(s) + ".IBMSNAP_RESTART WHERE NOT EXISTS (SELECT 1 FROM "
          + q(s) + ".IBMSNAP_PRUNE_SET WHERE TARGET_SERVER = 'KAFKA' AND APPLY_QUAL = 'KAFKAQUAL'"
          + " AND SET_NAME = 'SET001')");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(s) + "."
        + ControlTables.REGISTRATION + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, owner);
      ps.setString(2, table);
      ps.setString(3, staging);
      ps.setString(4, trigger);
      ps.setInt(5, cols.size());
      ps.executeUpdate();
    }
  }

  private static String triggerSql(String s, String name, String event, String src,
      String referencing, String staging, String op, List<Column> cols, String before, String after) {
    StringBuilder names = new StringBuilder("WRITE_SEQ, TXTAG, OP");
    StringBuilder values = new StringBuilder(q(s) + ".STANDIN_WRITE_SEQ(), " + q(s)
        + ".STANDIN_TX_TAG(" + lit(s) + "), '" + op + "'");
    for (int i = 0; i < cols.size(); i++) {
      if (before != null) {
        names.append(", B").append(i + 1);
        values.append(", ").append(before).append('.').append(q(cols.get(i).name()));
      }
      if (after != null) {
        names.append(", A").append(i + 1);
        values.append(", ").append(after).append('.').append(q(cols.get(i).name()));
      }
    }
    return "CREATE TRIGGER " + q(s) + "." + name + " AFTER " + event + " ON " + src + " "
        + referencing + " FOR EACH ROW INSERT INTO " + q(s) + "." + staging + " (" + names
        + ") VALUES (" + values + ")";
  }

  private static int nextNumber(Connection c, String s) throws SQLException {
    int max = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT STAGING_TABLE FROM " + q(s) + "." + ControlTables.REGISTRATION)) {
      while (rs.next()) max = Math.max(max, Integer.parseInt(rs.getString(1).substring("STANDIN_STG_".length())));
    }
    // A deregistered number may still be in use by a dropped-then-recreated name; skip taken ones.
    while (ControlTables.tableExists(c, s, "STANDIN_STG_" + (max + 1))) max++;
    return max + 1;
  }

  static void deregister(Connection c, String owner, String table, String s) throws SQLException {
    String staging;
    String trigger;
    try (PreparedStatement ps = c.prepareStatement("SELECT STAGING_TABLE, TRIGGER_PREFIX FROM "
        + q(s) + "." + ControlTables.REGISTRATION + " WHERE SOURCE_OWNER = ? AND SOURCE_TABLE = ?")) {
      ps.setString(1, owner);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw new SQLException(owner + "." + table + " is not registered in " + s);
        staging = rs.getString(1);
        trigger = rs.getString(2);
      }
    }
    String cdOwner;
    String cdTable;
    try (PreparedStatement ps = c.prepareStatement("SELECT CD_OWNER, CD_TABLE FROM " + q(s)
        + ".IBMSNAP_REGISTER WHERE SOURCE_OWNER = ? AND SOURCE_TABLE = ?")) {
      ps.setString(1, owner);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        cdOwner = rs.getString(1);
        cdTable = rs.getString(2);
      }
    }
    try (Statement st = c.createStatement()) {
      for (String suffix : new String[] {"_I", "_U", "_D"}) {
        st.executeUpdate("DROP TRIGGER " + q(s) + "." + trigger + suffix);
      }
      st.executeUpdate("DROP TABLE " + q(s) + "." + staging);
      st.executeUpdate("DROP TABLE " + q(cdOwner) + "." + q(cdTable));
    }
    for (String t : new String[] {"IBMSNAP_REGISTER", "IBMSNAP_PRUNCNTL", ControlTables.REGISTRATION}) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + q(s) + "." + t
          + " WHERE SOURCE_OWNER = ? AND SOURCE_TABLE = ?")) {
        ps.setString(1, owner);
        ps.setString(2, table);
        ps.executeUpdate();
      }
    }
  }
}
