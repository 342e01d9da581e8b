package db2kafka.capture;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * `run`: the long-running capture process. Every commit interval it runs one CaptureCycle per
 * capture schema (every schema holding the stand-in's control tables, or those named), and every
 * monitor interval it writes an IBMSNAP_CAPMON row per schema. A lost connection is reopened.
 * With a status port it answers each TCP connection with one JSON line and closes it; testenv
 * uses that as its readiness and liveness check. The loop runs on the main thread.
 */
final class CaptureMain {
  static final class Stats {
    long transactions, cdRows, cycles, maxTransactionSize;
    long monitorTransactions, monitorRows, monitorMaxSize;
    String synchpoint = "";
  }

  private final Supplier<Connection> connect;
  private final List<String> onlySchemas;
  private final int intervalMs;
  private final int monitorIntervalMs;
  private final Map<String, Stats> stats = new TreeMap<>();
  private final Timestamp restartTime = Timestamp.from(Instant.now());
  private volatile String lastError = "";

  CaptureMain(Supplier<Connection> connect, List<String> onlySchemas, int intervalMs, int monitorIntervalMs) {
    this.connect = connect;
    this.onlySchemas = onlySchemas;
    this.intervalMs = intervalMs;
    this.monitorIntervalMs = monitorIntervalMs;
  }

  void serveStatus(int port) throws Exception {
    ServerSocket server = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (true) {
        try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
          out.write((statusJson() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
          // one failed status request must not stop the status thread
        }
      }
    }, "status");
    t.setDaemon(true);
    t.start();
  }

  synchronized String statusJson() {
    StringBuilder b = new StringBuilder("{\"interval_ms\":" + intervalMs + ",\"schemas\":{");
    boolean first = true;
    for (Map.Entry<String, Stats> e : stats.entrySet()) {
      Stats st = e.getValue();
      b.append(first ? "" : ",").append('"').append(e.getKey()).append("\":{\"synchpoint\":\"")
          .append(st.synchpoint).append("\",\"cycles\":").append(st.cycles)
          .append(",\"transactions\":").append(st.transactions).append(",\"cd_rows\":")
          .append(st.cdRows).append('}');
      first = false;
    }
    return b.append("},\"last_error\":\"").append(lastError.replace("\"", "'").replace("\n", " "))
        .append("\"}").toString();
  }

  void loop() throws InterruptedException {
    Connection c = null;
    long nextMonitor = System.currentTimeMillis() + monitorIntervalMs;
    System.out.println("capture: ready, commit interval " + intervalMs + " ms");
    while (true) {
      long start = System.currentTimeMillis();
      try {
        if (c == null) c = connect.get();
        boolean monitor = start >= nextMonitor;
        for (String schema : schemas(c)) {
          CaptureCycle cycle = new CaptureCycle(c, schema);
          CaptureCycle.Result r = cycle.run();
          cycle.acknowledge();
          Stats st = record(schema, r);
          if (r.transactions() > 0) {
            System.out.println("capture: " + schema + " " + r.transactions() + " transactions, "
                + r.cdRows() + " CD rows, synchpoint " + r.synchpoint());
          }
          if (monitor) writeMonitor(c, schema, st, r.synchpoint());
        }
        if (monitor) nextMonitor = start + monitorIntervalMs;
        lastError = "";
      } catch (SQLException | RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        System.out.println("capture: error: " + e);
        if (e instanceof SQLException se && se.getSQLState() != null && se.getSQLState().startsWith("08")) {
          try { c.close(); } catch (Exception ignored) { /* the connection is gone anyway */ }
          c = null;
        }
      }
      long sleep = start + intervalMs - System.currentTimeMillis();
      if (sleep > 0) Thread.sleep(sleep);
    }
  }

  private synchronized Stats record(String schema, CaptureCycle.Result r) {
    Stats st = stats.computeIfAbsent(schema, k -> new Stats());
    st.cycles++;
    st.transactions += r.transactions();
    st.cdRows += r.cdRows();
    st.monitorTransactions += r.transactions();
    st.monitorRows += r.cdRows();
    st.monitorMaxSize = Math.max(st.monitorMaxSize, r.maxTransactionSize());
    st.synchpoint = r.synchpoint().toString();
    return st;
  }

  private List<String> schemas(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT S.SCHEMANAME FROM SYS.SYSTABLES T JOIN SYS.SYSSCHEMAS S"
            + " ON T.SCHEMAID = S.SCHEMAID WHERE T.TABLENAME = '" + ControlTables.REGISTRATION
            + "' ORDER BY S.SCHEMANAME")) {
      while (rs.next()) {
        String s = rs.getString(1);
        if ((onlySchemas.isEmpty() || onlySchemas.contains(s)) && ControlTables.exist(c, s)) out.add(s);
      }
    }
    c.commit();
    return out;
  }

  private void writeMonitor(Connection c, String schema, Stats st, Lsn synchpoint) throws SQLException {
    String qs = Registrar.q(schema);
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qs + ".IBMSNAP_CAPMON("
        + "MONITOR_TIME, RESTART_TIME, CURRENT_MEMORY, CD_ROWS_INSERTED, RECAP_ROWS_SKIPPED,"
        + " TRIGR_ROWS_SKIPPED, CHG_ROWS_SKIPPED, TRANS_PROCESSED, TRANS_SPILLED, MAX_TRANS_SIZE,"
        + " LOCKING_RETRIES, LOGREADLIMIT, CAPTURE_IDLE, SYNCHTIME, CURRENT_LOG_TIME, LAST_EOL_TIME,"
        + " RESTART_SEQ, CURRENT_SEQ, RESTART_MAXCMTSEQ, TRANS_QUEUED, NUM_WARNTXS)"
        + " VALUES (?, ?, ?, ?, 0, 0, 0, ?, 0, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
      int i = 1;
      ps.setTimestamp(i++, now);
      ps.setTimestamp(i++, restartTime);
      ps.setInt(i++, (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()));
      ps.setInt(i++, (int) st.monitorRows);
      ps.setInt(i++, (int) st.monitorTransactions);
      ps.setInt(i++, (int) st.monitorMaxSize);
      ps.setInt(i++, st.monitorTransactions == 0 ? 1 : 0);
      ps.setTimestamp(i++, now);
      ps.setTimestamp(i++, now);
      ps.setTimestamp(i++, now);
      ps.setBytes(i++, synchpoint.bytes());
      ps.setBytes(i++, synchpoint.bytes());
      ps.setBytes(i++, synchpoint.bytes());
      ps.executeUpdate();
    }
    c.commit();
    synchronized (this) {
      st.monitorTransactions = 0;
      st.monitorRows = 0;
      st.monitorMaxSize = 0;
    }
  }
}
