import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The source side of bench/run-incremental: committed changes for db2kafka's incremental phase,
 * written through Derby's JDBC client like any application (the capture stand-in's triggers turn
 * them into CD rows).
 *
 * <pre>
 * java -cp derbyclient.jar bench/IncrementalLoad.java URL USER PASSWORD_ENV SCHEMA TABLES COMMAND ...
 *   setup                                  drop and create tables T0..T(TABLES-1)
 *   backlog CHANGES TXN_ROWS               CHANGES inserts, TXN_ROWS per transaction, round-robin
 *                                          over the tables; prints changes= and seconds=
 *   rate PER_SECOND SECONDS TXN_ROWS CAPTURE_SCHEMA VISIBLE_OUT
 *                                          inserts at a fixed rate; meanwhile a second connection
 *                                          polls CAPTURE_SCHEMA's highest synchpoint every 5 ms
 *                                          and writes "epoch_ms hex" to VISIBLE_OUT each time it
 *                                          moves: when a reader could first see a commit
 * </pre>
 */
public final class IncrementalLoad {
  private IncrementalLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 6) throw new IllegalArgumentException("see the comment of IncrementalLoad");
    String url = args[0];
    String user = args[1];
    String password = System.getenv(args[2]);
    String schema = args[3];
    int tables = Integer.parseInt(args[4]);
    String command = args[5];
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.setAutoCommit(false);
      switch (command) {
        case "setup" -> setup(c, schema, tables);
        case "backlog" -> backlog(c, schema, tables, Long.parseLong(args[6]), Integer.parseInt(args[7]));
        case "rate" -> rate(c, url, user, password, schema, tables, Integer.parseInt(args[6]),
            Integer.parseInt(args[7]), Integer.parseInt(args[8]), args[9], Path.of(args[10]));
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
    }
  }

  private static void setup(Connection c, String schema, int tables) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (int t = 0; t < tables; t++) {
        try {
          st.executeUpdate("DROP TABLE " + schema + ".T" + t);
        } catch (SQLException missing) {
          c.rollback();
        }
        st.executeUpdate("CREATE TABLE " + schema + ".T" + t + " (ID BIGINT NOT NULL PRIMARY KEY,"
            + " A INT, B VARCHAR(40), C DECIMAL(12,2), D TIMESTAMP)");
        c.commit();  // a failed DROP of the next table rolls back only its own try
      }
    }
  }

  private static List<PreparedStatement> inserts(Connection c, String schema, int tables)
      throws SQLException {
    List<PreparedStatement> statements = new ArrayList<>();
    for (int t = 0; t < tables; t++) {
      statements.add(c.prepareStatement("INSERT INTO " + schema + ".T" + t + " VALUES (?, ?, ?, ?, ?)"));
    }
    return statements;
  }

  private static long nextId(Connection c, String schema, int tables) throws SQLException {
    long max = 0;
    try (Statement st = c.createStatement()) {
      for (int t = 0; t < tables; t++) {
        try (ResultSet rs = st.executeQuery("SELECT MAX(ID) FROM " + schema + ".T" + t)) {
          rs.next();
          max = Math.max(max, rs.getLong(1));
        }
      }
    }
    c.commit();
    return max + 1;
  }

  // One transaction of `rows` inserts, spread round-robin over the tables from `id` on.
  private static void commitInserts(Connection c, List<PreparedStatement> statements, long id, int rows)
      throws SQLException {
    for (int r = 0; r < rows; r++) {
      PreparedStatement ps = statements.get((int) ((id + r) % statements.size()));
      ps.setLong(1, id + r);
      ps.setInt(2, (int) ((id + r) % 1000));
      ps.setString(3, "row " + (id + r));
      ps.setBigDecimal(4, BigDecimal.valueOf((id + r) * 25, 2));
      ps.setTimestamp(5, new Timestamp(System.currentTimeMillis()));
      ps.addBatch();
    }
    for (PreparedStatement ps : statements) ps.executeBatch();
    c.commit();
  }

  private static void backlog(Connection c, String schema, int tables, long changes, int txnRows)
      throws SQLException {
    List<PreparedStatement> statements = inserts(c, schema, tables);
    long id = nextId(c, schema, tables);
    long started = System.nanoTime();
    for (long done = 0; done < changes; done += txnRows) {
      int rows = (int) Math.min(txnRows, changes - done);
      commitInserts(c, statements, id, rows);
      id += rows;
    }
    System.out.printf("changes=%d seconds=%.3f%n", changes, (System.nanoTime() - started) / 1e9);
  }

  private static void rate(Connection c, String url, String user, String password, String schema,
      int tables, int perSecond, int seconds, int txnRows, String captureSchema, Path visibleOut)
      throws Exception {
    AtomicBoolean done = new AtomicBoolean(false);
    Thread watcher = new Thread(() -> {
      try (Connection w = DriverManager.getConnection(url, user, password);
          PrintWriter out = new PrintWriter(Files.newBufferedWriter(visibleOut))) {
        w.setAutoCommit(false);
        try (PreparedStatement ps = w.prepareStatement("SELECT MAX(SYNCHPOINT) FROM "
            + captureSchema + ".IBMSNAP_REGISTER")) {
          String last = "";
          while (!done.get()) {
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              byte[] synchpoint = rs.getBytes(1);
              String hex = synchpoint == null ? "" : HexFormat.of().formatHex(synchpoint);
              if (!hex.equals(last)) {
                out.println(System.currentTimeMillis() + " " + hex);
                last = hex;
              }
            }
            w.commit();
            Thread.sleep(5);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    watcher.start();
    List<PreparedStatement> statements = inserts(c, schema, tables);
    long id = nextId(c, schema, tables);
    long intervalNanos = 1_000_000_000L * txnRows / perSecond;
    long started = System.nanoTime();
    long transactions = (long) perSecond * seconds / txnRows;
    long late = 0;
    for (long n = 0; n < transactions; n++) {
      long due = started + n * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } else if (wait < -intervalNanos) {
        late++;
      }
      commitInserts(c, statements, id, txnRows);
      id += txnRows;
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    Thread.sleep(2000);  // the capture cycles that cover the last commits
    done.set(true);
    watcher.join();
    System.out.printf("changes=%d seconds=%.3f rate=%.0f late_transactions=%d%n",
        transactions * txnRows, elapsed, transactions * txnRows / elapsed, late);
  }
}
