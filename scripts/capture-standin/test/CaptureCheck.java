// Workload and checks for the capture stand-in; run by capture_test.sh after it registered
// APP.ACCT and APP.ITEM in ASN (16-byte) and ASNCDC (10-byte). Two JDBC connections run
// committed, rolled-back, interleaved and lock-waiting transactions; a third thread keeps reading
// the CD tables bounded by the synchpoint. The CD/UOW rows are printed and compared with what
// Capture would write. Exit 0 when every check passes.
import java.sql.*;
import java.util.*;
import java.util.concurrent.atomic.AtomicBoolean;

public class CaptureCheck {
  static String url;
  static String user;
  static String password;
  static int failures = 0;

  static Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    c.setAutoCommit(false);
    return c;
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) { st.executeUpdate(sql); }
  }

  static void check(boolean ok, String what) {
    System.out.println((ok ? "ok   " : "FAIL ") + what);
    if (!ok) failures++;
  }

  static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

  static byte[] synchpoint(Connection c, String schema) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT MAX(SYNCHPOINT) FROM " + schema + ".IBMSNAP_REGISTER")) {
      rs.next();
      byte[] v = rs.getBytes(1);
      c.commit();
      return v;
    }
  }

  /** Waits until a capture cycle that started after now has committed, for both schemas. */
  static void waitForCapture(Connection c) throws Exception {
    for (String schema : new String[] {"ASN", "ASNCDC"}) {
      byte[] start = synchpoint(c, schema);
      int advanced = 0;
      long deadline = System.currentTimeMillis() + 20000;
      byte[] last = start;
      while (advanced < 2) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException(schema + " synchpoint stuck at " + hex(last));
        Thread.sleep(100);
        byte[] now = synchpoint(c, schema);
        if (Arrays.compareUnsigned(now, last) > 0) { advanced++; last = now; }
      }
    }
  }

  /** Transactions (commit seq → rendered CD rows) of one capture schema, bounded by its synchpoint. */
  static TreeMap<String, List<String>> read(Connection c, String schema, Map<String, String> uowOut)
      throws SQLException {
    TreeMap<String, List<String>> txs = new TreeMap<>();
    byte[] sp;
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT MAX(SYNCHPOINT) FROM " + schema + ".IBMSNAP_REGISTER")) { rs.next(); sp = rs.getBytes(1); }
    for (String table : new String[] {"ACCT", "ITEM"}) {
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + schema + ".CDC_APP_" + table
          + " WHERE IBMSNAP_COMMITSEQ <= ? ORDER BY IBMSNAP_COMMITSEQ, IBMSNAP_INTENTSEQ")) {
        ps.setBytes(1, sp);
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder b = new StringBuilder(hex(rs.getBytes(2)) + " " + rs.getString(3) + " " + table);
            for (int i = 4; i <= md.getColumnCount(); i++) b.append(' ').append(md.getColumnName(i)).append('=').append(rs.getString(i));
            txs.computeIfAbsent(hex(rs.getBytes(1)), k -> new ArrayList<>()).add(b.toString());
          }
        }
      }
    }
    for (List<String> rows : txs.values()) Collections.sort(rows);  // by intent seq (fixed width hex)
    if (uowOut != null) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT IBMSNAP_COMMITSEQ,"
          + " IBMSNAP_UOWID, IBMSNAP_LOGMARKER, IBMSNAP_AUTHID FROM " + schema + ".IBMSNAP_UOW ORDER BY 1")) {
        while (rs.next()) uowOut.put(hex(rs.getBytes(1)), hex(rs.getBytes(2)) + " " + rs.getTimestamp(3) + " " + rs.getString(4));
      }
    }
    c.commit();
    return txs;
  }

  public static void main(String[] args) throws Exception {
    url = "jdbc:derby://" + System.getenv("DERBY_HOST") + ":" + System.getenv("DERBY_PORT") + "/" + System.getenv("DERBY_DB");
    user = System.getenv("DERBY_USER");
    password = System.getenv("DERBY_PASSWORD");
    Connection a = connect(), b = connect(), probe = connect();
    Connection reader = connect();
    reader.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);

    // A reader bounded by the synchpoint, polling all the time: what it sees of a transaction
    // must be the whole transaction.
    Map<String, Map<String, Integer>> seen = new HashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread readerThread = new Thread(() -> {
      try {
        while (!stop.get()) {
          for (String schema : new String[] {"ASN", "ASNCDC"}) {
            for (Map.Entry<String, List<String>> e : read(reader, schema, null).entrySet()) {
              seen.computeIfAbsent(schema, k -> new HashMap<>()).merge(e.getKey(), e.getValue().size(), Math::min);
            }
          }
          Thread.sleep(20);
        }
      } catch (Exception e) { e.printStackTrace(); failures++; }
    });
    readerThread.start();

    exec(a, "INSERT INTO APP.ACCT VALUES (1, 100), (2, 200)");
    a.commit();                                                          // T1
    exec(b, "INSERT INTO APP.ITEM VALUES (10, 'x')");
    b.rollback();                                                        // rolled back: no trace
    exec(a, "UPDATE APP.ACCT SET BAL = 101 WHERE ID = 1");               // T2 writes first ...
    exec(b, "INSERT INTO APP.ACCT VALUES (3, 300)");
    b.commit();                                                          // ... T3 commits first
    a.commit();
    exec(a, "UPDATE APP.ACCT SET BAL = 201 WHERE ID = 2");               // T4 holds the row lock
    Thread waiter = new Thread(() -> {
      try {
        exec(b, "UPDATE APP.ACCT SET BAL = BAL + 1 WHERE ID = 2");       // T5 waits for T4
        b.commit();
      } catch (SQLException e) { e.printStackTrace(); failures++; }
    });
    waiter.start();
    Thread.sleep(300);
    a.commit();
    waiter.join();
    exec(a, "INSERT INTO APP.ACCT VALUES (5, 500)");                     // T6 with a savepoint
    Savepoint sp = a.setSavepoint();
    exec(a, "INSERT INTO APP.ACCT VALUES (6, 600)");
    a.rollback(sp);
    a.commit();
    exec(a, "UPDATE APP.ACCT SET BAL = 0 WHERE ID = 999");               // no rows: no UOW row
    a.commit();
    exec(a, "INSERT INTO APP.ITEM VALUES (20, 'a')");                    // T7, two tables
    exec(a, "UPDATE APP.ITEM SET NAME = 'b' WHERE ID = 20");
    exec(a, "DELETE FROM APP.ACCT WHERE ID = 3");
    a.commit();
    exec(b, "INSERT INTO APP.ACCT VALUES (7, 700)");                     // T8 stays open ...
    waitForCapture(probe);
    boolean sevenVisible = false;
    for (List<String> rows : read(probe, "ASN", null).values()) for (String r : rows) sevenVisible |= r.contains("ID=7 ");
    check(!sevenVisible, "an open transaction is not captured, and the synchpoint advances meanwhile");
    b.commit();                                                          // ... until now
    try (Connection auto = DriverManager.getConnection(url, user, password)) {
      auto.createStatement().executeUpdate("INSERT INTO APP.ITEM VALUES (30, 'z')");  // T9, autocommit
    }
    waitForCapture(probe);
    stop.set(true);
    readerThread.join();

    Map<String, List<List<String>>> expected = new HashMap<>();
    expected.put("ASN", List.of(   // ACCT: CHG_UPD_TO_DEL_INS=Y; ITEM: N with before image X
        List.of("I ACCT ID=1 BAL=100", "I ACCT ID=2 BAL=200"),
        List.of("I ACCT ID=3 BAL=300"),
        List.of("D ACCT ID=1 BAL=100", "I ACCT ID=1 BAL=101"),
        List.of("D ACCT ID=2 BAL=200", "I ACCT ID=2 BAL=201"),
        List.of("D ACCT ID=2 BAL=201", "I ACCT ID=2 BAL=202"),
        List.of("I ACCT ID=5 BAL=500"),
        List.of("I ITEM XID=null XNAME=null ID=20 NAME=a", "U ITEM XID=20 XNAME=a ID=20 NAME=b", "D ACCT ID=3 BAL=300"),
        List.of("I ACCT ID=7 BAL=700"),
        List.of("I ITEM XID=null XNAME=null ID=30 NAME=z")));
    expected.put("ASNCDC", List.of(   // ACCT: N with before image X; ITEM: Y
        List.of("I ACCT XID=null XBAL=null ID=1 BAL=100", "I ACCT XID=null XBAL=null ID=2 BAL=200"),
        List.of("I ACCT XID=null XBAL=null ID=3 BAL=300"),
        List.of("U ACCT XID=1 XBAL=100 ID=1 BAL=101"),
        List.of("U ACCT XID=2 XBAL=200 ID=2 BAL=201"),
        List.of("U ACCT XID=2 XBAL=201 ID=2 BAL=202"),
        List.of("I ACCT XID=null XBAL=null ID=5 BAL=500"),
        List.of("I ITEM ID=20 NAME=a", "D ITEM ID=20 NAME=a", "I ITEM ID=20 NAME=b", "D ACCT XID=3 XBAL=300 ID=3 BAL=300"),
        List.of("I ACCT XID=null XBAL=null ID=7 BAL=700"),
        List.of("I ITEM ID=30 NAME=z")));

    for (String schema : new String[] {"ASN", "ASNCDC"}) {
      int width = schema.equals("ASN") ? 16 : 10;
      Map<String, String> uow = new TreeMap<>();
      TreeMap<String, List<String>> txs = read(probe, schema, uow);
      String sync = hex(synchpoint(probe, schema));
      System.out.println("== " + schema + " (" + width + "-byte sequences), synchpoint " + sync);
      List<List<String>> actual = new ArrayList<>();
      String previousIntent = "";
      boolean seqOk = true;
      for (Map.Entry<String, List<String>> e : txs.entrySet()) {
        System.out.println("commit " + e.getKey() + "  UOW " + uow.get(e.getKey()));
        List<String> ops = new ArrayList<>();
        for (String row : e.getValue()) {
          System.out.println("   intent " + row);
          String intent = row.substring(0, row.indexOf(' '));
          seqOk &= intent.length() == 2 * width && e.getKey().length() == 2 * width;
          seqOk &= intent.compareTo(previousIntent) > 0 && intent.compareTo(e.getKey()) < 0;
          previousIntent = intent;
          ops.add(row.substring(row.indexOf(' ') + 1));
        }
        actual.add(ops);
      }
      check(actual.equals(expected.get(schema)), schema + ": CD rows are exactly the expected transactions in commit order");
      if (!actual.equals(expected.get(schema))) System.out.println("expected " + expected.get(schema) + "\nactual   " + actual);
      check(seqOk, schema + ": " + width + "-byte sequences; intent seqs increase and stay below their commit seq");
      // Earlier tests may have left UOW rows below this test's first commit.
      boolean uowOk = !txs.isEmpty()
          && new TreeMap<>(uow).tailMap(txs.firstKey(), true).keySet().equals(txs.keySet());
      check(uowOk, schema + ": one IBMSNAP_UOW row per captured transaction, none else");
      check(txs.isEmpty() || sync.compareTo(txs.lastKey()) > 0, schema + ": synchpoint is above every commit seq");
      boolean whole = true;
      for (Map.Entry<String, Integer> e : seen.getOrDefault(schema, Map.of()).entrySet()) {
        whole &= txs.containsKey(e.getKey()) && txs.get(e.getKey()).size() == e.getValue();
      }
      check(whole && seen.containsKey(schema), schema + ": a reader bounded by the synchpoint saw "
          + seen.getOrDefault(schema, Map.of()).size() + " transactions, each one whole");
      try (Statement st = probe.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT COUNT(*), MAX(MONITOR_TIME) FROM " + schema + ".IBMSNAP_CAPMON")) {
        rs.next();
        System.out.println("   IBMSNAP_CAPMON rows: " + rs.getInt(1) + ", last " + rs.getTimestamp(2));
      }
      probe.commit();
    }
    System.out.println(failures == 0 ? "capture_test: all checks passed" : "capture_test: " + failures + " FAILED");
    System.exit(failures == 0 ? 0 : 1);
  }
}
