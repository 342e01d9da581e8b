package db2kafka.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL Replication Capture control tables in Derby, with the layouts of IBM's asnctlw.sql
 * (arch level 1021) or, for 10-byte sequences, with CHAR(10) FOR BIT DATA in every sequence
 * column (the Db2 9.7 layout). Db2 types map one to one except "NOT NULL WITH DEFAULT", which
 * becomes an explicit Derby DEFAULT. Also the stand-in's own bookkeeping: STANDIN_REGISTRATION
 * and the SQL functions ServerHooks implements.
 */
final class ControlTables {
  private ControlTables() {}

  static final String REGISTRATION = "STANDIN_REGISTRATION";

  static List<String> ddl(String s, int width) {
    String seq = width == 10 ? "CHAR(10) FOR BIT DATA" : "VARCHAR(16) FOR BIT DATA";
    String seqDefault = width == 10 ? "X'00000000000000000000'" : "X''";
    List<String> d = new ArrayList<>();
    d.add("CREATE TABLE " + s + ".IBMSNAP_UOW(IBMSNAP_UOWID CHAR(10) FOR BIT DATA NOT NULL,"
        + " IBMSNAP_COMMITSEQ " + seq + " NOT NULL, IBMSNAP_LOGMARKER TIMESTAMP NOT NULL,"
        + " IBMSNAP_AUTHTKN VARCHAR(30) NOT NULL, IBMSNAP_AUTHID VARCHAR(128) NOT NULL,"
        + " IBMSNAP_REJ_CODE CHAR(1) NOT NULL DEFAULT ' ',"
        + " IBMSNAP_APPLY_QUAL CHAR(18) NOT NULL DEFAULT ' ')");
    d.add("CREATE UNIQUE INDEX " + s + ".IBMSNAP_UOWX ON " + s
        + ".IBMSNAP_UOW(IBMSNAP_COMMITSEQ, IBMSNAP_LOGMARKER)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_REGISTER(SOURCE_OWNER VARCHAR(128) NOT NULL,"
        + " SOURCE_TABLE VARCHAR(128) NOT NULL, SOURCE_VIEW_QUAL SMALLINT NOT NULL,"
        + " GLOBAL_RECORD CHAR(1) NOT NULL, SOURCE_STRUCTURE SMALLINT NOT NULL,"
        + " SOURCE_CONDENSED CHAR(1) NOT NULL, SOURCE_COMPLETE CHAR(1) NOT NULL,"
        + " CD_OWNER VARCHAR(128), CD_TABLE VARCHAR(128), PHYS_CHANGE_OWNER VARCHAR(128),"
        + " PHYS_CHANGE_TABLE VARCHAR(128), CD_OLD_SYNCHPOINT " + seq + ","
        + " CD_NEW_SYNCHPOINT " + seq + ", DISABLE_REFRESH SMALLINT NOT NULL,"
        + " CCD_OWNER VARCHAR(128), CCD_TABLE VARCHAR(128), CCD_OLD_SYNCHPOINT " + seq + ","
        + " SYNCHPOINT " + seq + ", SYNCHTIME TIMESTAMP, CCD_CONDENSED CHAR(1),"
        + " CCD_COMPLETE CHAR(1), ARCH_LEVEL CHAR(4) NOT NULL, DESCRIPTION CHAR(254),"
        + " BEFORE_IMG_PREFIX VARCHAR(4), CONFLICT_LEVEL CHAR(1), CHG_UPD_TO_DEL_INS CHAR(1),"
        + " CHGONLY CHAR(1), RECAPTURE CHAR(1), OPTION_FLAGS CHAR(4) NOT NULL,"
        + " STOP_ON_ERROR CHAR(1) DEFAULT 'Y', STATE CHAR(1) DEFAULT 'I', STATE_INFO CHAR(8))");
    d.add("CREATE UNIQUE INDEX " + s + ".IBMSNAP_REGISTERX ON " + s
        + ".IBMSNAP_REGISTER(SOURCE_OWNER, SOURCE_TABLE, SOURCE_VIEW_QUAL)");
    d.add("CREATE INDEX " + s + ".IBMSNAP_REGISTERX1 ON " + s
        + ".IBMSNAP_REGISTER(PHYS_CHANGE_OWNER, PHYS_CHANGE_TABLE)");
    d.add("CREATE INDEX " + s + ".IBMSNAP_REGISTERX2 ON " + s + ".IBMSNAP_REGISTER(GLOBAL_RECORD)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_PRUNCNTL(TARGET_SERVER CHAR(18) NOT NULL,"
        + " TARGET_OWNER VARCHAR(128) NOT NULL, TARGET_TABLE VARCHAR(128) NOT NULL,"
        + " SYNCHTIME TIMESTAMP, SYNCHPOINT " + seq + ", SOURCE_OWNER VARCHAR(128) NOT NULL,"
        + " SOURCE_TABLE VARCHAR(128) NOT NULL, SOURCE_VIEW_QUAL SMALLINT NOT NULL,"
        + " APPLY_QUAL CHAR(18) NOT NULL, SET_NAME CHAR(18) NOT NULL,"
        + " CNTL_SERVER CHAR(18) NOT NULL, TARGET_STRUCTURE SMALLINT NOT NULL,"
        + " CNTL_ALIAS CHAR(8), PHYS_CHANGE_OWNER VARCHAR(128), PHYS_CHANGE_TABLE VARCHAR(128),"
        + " MAP_ID VARCHAR(10) NOT NULL)");
    d.add("CREATE UNIQUE INDEX " + s + ".IBMSNAP_PRUNCNTLX ON " + s + ".IBMSNAP_PRUNCNTL("
        + "SOURCE_OWNER, SOURCE_TABLE, SOURCE_VIEW_QUAL, APPLY_QUAL, SET_NAME, TARGET_SERVER,"
        + " TARGET_TABLE, TARGET_OWNER)");
    d.add("CREATE UNIQUE INDEX " + s + ".IBMSNAP_PRUNCNTLX1 ON " + s + ".IBMSNAP_PRUNCNTL(MAP_ID)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_CAPPARMS(RETENTION_LIMIT INT, LAG_LIMIT INT,"
        + " COMMIT_INTERVAL INT, PRUNE_INTERVAL INT, TRACE_LIMIT INT, MONITOR_LIMIT INT,"
        + " MONITOR_INTERVAL INT, MEMORY_LIMIT SMALLINT, REMOTE_SRC_SERVER CHAR(18),"
        + " AUTOPRUNE CHAR(1), TERM CHAR(1), AUTOSTOP CHAR(1), LOGREUSE CHAR(1),"
        + " LOGSTDOUT CHAR(1), SLEEP_INTERVAL SMALLINT, CAPTURE_PATH VARCHAR(1040),"
        + " STARTMODE VARCHAR(10), ARCH_LEVEL CHAR(4) NOT NULL DEFAULT '1021',"
        + " COMPATIBILITY CHAR(4) NOT NULL DEFAULT '1021', LOGRDBUFSZ INT NOT NULL DEFAULT 256)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_RESTART(MAX_COMMITSEQ " + seq + " NOT NULL,"
        + " MAX_COMMIT_TIME TIMESTAMP NOT NULL, MIN_INFLIGHTSEQ " + seq + " NOT NULL,"
        + " CURR_COMMIT_TIME TIMESTAMP NOT NULL, CAPTURE_FIRST_SEQ " + seq + " NOT NULL)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_PRUNE_SET(TARGET_SERVER CHAR(18) NOT NULL,"
        + " APPLY_QUAL CHAR(18) NOT NULL, SET_NAME CHAR(18) NOT NULL, SYNCHTIME TIMESTAMP,"
        + " SYNCHPOINT " + seq + " NOT NULL)");
    d.add("CREATE UNIQUE INDEX " + s + ".IBMSNAP_PRUNE_SETX ON " + s
        + ".IBMSNAP_PRUNE_SET(TARGET_SERVER, APPLY_QUAL, SET_NAME)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_SIGNAL(SIGNAL_TIME TIMESTAMP NOT NULL"
        + " DEFAULT CURRENT_TIMESTAMP, SIGNAL_TYPE VARCHAR(30) NOT NULL,"
        + " SIGNAL_SUBTYPE VARCHAR(30), SIGNAL_INPUT_IN VARCHAR(500),"
        + " SIGNAL_STATE CHAR(1) NOT NULL, SIGNAL_LSN " + seq + ")");
    d.add("CREATE INDEX " + s + ".IBMSNAP_SIGNALX ON " + s + ".IBMSNAP_SIGNAL(SIGNAL_TIME)");
    d.add("CREATE TABLE " + s + ".IBMSNAP_CAPMON(MONITOR_TIME TIMESTAMP NOT NULL,"
        + " RESTART_TIME TIMESTAMP NOT NULL, CURRENT_MEMORY INT NOT NULL,"
        + " CD_ROWS_INSERTED INT NOT NULL, RECAP_ROWS_SKIPPED INT NOT NULL,"
        + " TRIGR_ROWS_SKIPPED INT NOT NULL, CHG_ROWS_SKIPPED INT NOT NULL,"
        + " TRANS_PROCESSED INT NOT NULL, TRANS_SPILLED INT NOT NULL, MAX_TRANS_SIZE INT NOT NULL,"
        + " LOCKING_RETRIES INT NOT NULL, JRN_LIB CHAR(10), JRN_NAME CHAR(10),"
        + " LOGREADLIMIT INT NOT NULL, CAPTURE_IDLE INT NOT NULL, SYNCHTIME TIMESTAMP NOT NULL,"
        + " CURRENT_LOG_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
        + " LAST_EOL_TIME TIMESTAMP,"
        + " RESTART_SEQ " + seq + " NOT NULL DEFAULT " + seqDefault + ","
        + " CURRENT_SEQ " + seq + " NOT NULL DEFAULT " + seqDefault + ","
        + " RESTART_MAXCMTSEQ " + seq + " NOT NULL DEFAULT " + seqDefault + ","
        + " LOGREAD_API_TIME INT, NUM_LOGREAD_CALLS INT, NUM_END_OF_LOGS INT,"
        + " LOGRDR_SLEEPTIME INT, NUM_LOGREAD_F_CALLS INT, TRANS_QUEUED INT, NUM_WARNTXS INT,"
        + " NUM_WARNLOGAPI INT)");
    d.add("CREATE UNIQUE INDEX " + s + ".IBMSNAP_CAPMONX ON " + s + ".IBMSNAP_CAPMON(MONITOR_TIME)");
    // Not Db2's: which staging table and trigger set belong to which registration.
    d.add("CREATE TABLE " + s + "." + REGISTRATION + "(SOURCE_OWNER VARCHAR(128) NOT NULL,"
        + " SOURCE_TABLE VARCHAR(128) NOT NULL, STAGING_TABLE VARCHAR(128) NOT NULL,"
        + " TRIGGER_PREFIX VARCHAR(100) NOT NULL, COLUMN_COUNT INT NOT NULL,"
        + " PRIMARY KEY (SOURCE_OWNER, SOURCE_TABLE))");
    d.add("CREATE FUNCTION " + s + ".STANDIN_TX_TAG(CAPTURE_SCHEMA VARCHAR(128)) RETURNS BIGINT"
        + " LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL"
        + " EXTERNAL NAME 'db2kafka.capture.ServerHooks.txTag'");
    d.add("CREATE FUNCTION " + s + ".STANDIN_WRITE_SEQ() RETURNS BIGINT"
        + " LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL"
        + " EXTERNAL NAME 'db2kafka.capture.ServerHooks.writeSeq'");
    d.add("CREATE FUNCTION " + s + ".STANDIN_FIRST_TAG() RETURNS BIGINT"
        + " LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL"
        + " EXTERNAL NAME 'db2kafka.capture.ServerHooks.firstTag'");
    d.add("CREATE FUNCTION " + s + ".STANDIN_ACK(CAPTURE_SCHEMA VARCHAR(128), UP_TO BIGINT)"
        + " RETURNS INT LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL"
        + " EXTERNAL NAME 'db2kafka.capture.ServerHooks.ack'");
    d.add("CREATE FUNCTION " + s + ".STANDIN_COMMITTED(CAPTURE_SCHEMA VARCHAR(128))"
        + " RETURNS TABLE (TAG BIGINT, COMMIT_ORDER BIGINT, COMMIT_TIME TIMESTAMP,"
        + " AUTHID VARCHAR(128), AUTHTKN VARCHAR(30))"
        + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET NO SQL"
        + " EXTERNAL NAME 'db2kafka.capture.ServerHooks.committed'");
    return d;
  }

  static boolean exist(Connection c, String schema) throws SQLException {
    return tableExists(c, schema, "IBMSNAP_RESTART") && tableExists(c, schema, REGISTRATION);
  }

  static boolean tableExists(Connection c, String schema, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM SYS.SYSTABLES T JOIN"
        + " SYS.SYSSCHEMAS S ON T.SCHEMAID = S.SCHEMAID WHERE S.SCHEMANAME = ? AND T.TABLENAME = ?")) {
      ps.setString(1, schema);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Width of an existing capture schema, from the type of IBMSNAP_RESTART.MAX_COMMITSEQ. */
  static int width(Connection c, String schema) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, schema, "IBMSNAP_RESTART", "MAX_COMMITSEQ")) {
      if (!rs.next()) throw new SQLException(schema + ".IBMSNAP_RESTART not found");
      return rs.getInt("DATA_TYPE") == java.sql.Types.BINARY ? 10 : 16;
    }
  }

  /** Creates the control tables and their initial rows; one transaction, caller commits. */
  static void create(Connection c, String s, int width, byte[] firstSeq, int commitIntervalMs)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String sql : ddl(s, width)) st.executeUpdate(sql);
    }
    boolean v10 = width == 16;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + ".IBMSNAP_CAPPARMS("
        + "RETENTION_LIMIT, LAG_LIMIT, COMMIT_INTERVAL, PRUNE_INTERVAL, TRACE_LIMIT, MONITOR_LIMIT,"
        + " MONITOR_INTERVAL, MEMORY_LIMIT, SLEEP_INTERVAL, AUTOPRUNE, TERM, AUTOSTOP, LOGREUSE,"
        + " LOGSTDOUT, CAPTURE_PATH, STARTMODE, ARCH_LEVEL, COMPATIBILITY) VALUES (10080, 10080,"
        + " ?, 300, 10080, 10080, 300, 32, 1, 'N', 'Y', 'N', 'N', 'N', NULL, 'WARMSI', ?, ?)")) {
      ps.setInt(1, Math.max(1, (commitIntervalMs + 999) / 1000));
      ps.setString(2, v10 ? "1021" : "0901");
      ps.setString(3, v10 ? "1021" : "0801");
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + ".IBMSNAP_RESTART("
        + "MAX_COMMITSEQ, MAX_COMMIT_TIME, MIN_INFLIGHTSEQ, CURR_COMMIT_TIME, CAPTURE_FIRST_SEQ)"
        + " VALUES (?, CURRENT_TIMESTAMP, ?, CURRENT_TIMESTAMP, ?)")) {
      ps.setBytes(1, firstSeq);
      ps.setBytes(2, firstSeq);
      ps.setBytes(3, firstSeq);
      ps.executeUpdate();
    }
    // The global record: Capture's own synchpoint, present before any table is registered.
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + s + ".IBMSNAP_REGISTER("
        + "SOURCE_OWNER, SOURCE_TABLE, SOURCE_VIEW_QUAL, GLOBAL_RECORD, SOURCE_STRUCTURE,"
        + " SOURCE_CONDENSED, SOURCE_COMPLETE, DISABLE_REFRESH, SYNCHPOINT, SYNCHTIME, ARCH_LEVEL,"
        + " OPTION_FLAGS, STATE) VALUES (' ', ' ', 0, 'Y', 1, 'Y', 'Y', 0, ?, CURRENT_TIMESTAMP,"
        + " ?, 'NNNN', 'A')")) {
      ps.setBytes(1, firstSeq);
      ps.setString(2, v10 ? "1021" : "0901");
      ps.executeUpdate();
    }
  }
}
