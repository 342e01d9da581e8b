package db2kafka.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point behind scripts/capture: init, register, deregister, run. The database comes from
 * the environment scripts/testenv writes (DERBY_HOST, DERBY_PORT, DERBY_DB, DERBY_USER,
 * DERBY_PASSWORD) or from --url/--user with the password in $DERBY_PASSWORD.
 */
public final class Cli {
  private Cli() {}

  static final String USAGE = String.join("\n",
      "usage: capture init [--capture-schema S] [--seq-width 10|16] [--first-seq HEX]",
      "       capture register SCHEMA TABLE [--capture-schema S] [--seq-width 10|16]",
      "               [--update-style del-ins|update] [--before-image [PREFIX]]",
      "               [--cd-owner O] [--cd-table T]",
      "       capture deregister SCHEMA TABLE [--capture-schema S]",
      "       capture prune [--capture-schema S] [--to HEX]   (default: the lowest PRUNE_SET synchpoint)",
      "       capture run [--capture-schema S]... [--commit-interval-ms N] [--monitor-interval-ms N]",
      "               [--status-port P]",
      "common: [--url jdbc:derby://host:port/db] [--user U] (password: $DERBY_PASSWORD)");

  public static void main(String[] args) throws Exception {
    try {
      System.exit(run(args));
    } catch (IllegalArgumentException e) {
      System.err.println("capture: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
    } catch (SQLException e) {
      System.err.println("capture: error: " + e.getMessage()
          + (e.getSQLState() != null ? " (SQLSTATE " + e.getSQLState() + ")" : ""));
      System.exit(1);
    }
  }

  private static String need(String[] args, int i) {
    if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
    return args[i];
  }

  static int run(String[] args) throws Exception {
    if (args.length == 0) throw new IllegalArgumentException("no command");
    String command = args[0];
    Registrar.Options o = new Registrar.Options();
    List<String> positional = new ArrayList<>();
    List<String> schemas = new ArrayList<>();
    String url = null;
    String user = System.getenv("DERBY_USER");
    int monitorMs = 5000;
    int statusPort = 0;
    String pruneTo = null;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--capture-schema" -> { o.captureSchema = need(args, ++i); schemas.add(o.captureSchema); }
        case "--seq-width" -> {
          o.seqWidth = Integer.parseInt(need(args, ++i));
          if (o.seqWidth != 10 && o.seqWidth != 16) throw new IllegalArgumentException("--seq-width is 10 or 16");
        }
        case "--update-style" -> {
          String v = need(args, ++i);
          if (!v.equals("del-ins") && !v.equals("update")) throw new IllegalArgumentException("--update-style is del-ins or update");
          o.delIns = v.equals("del-ins");
        }
        case "--before-image" -> {
          o.beforeImagePrefix = "X";
          if (i + 1 < args.length && !args[i + 1].startsWith("--") && positional.size() >= 2) {
            o.beforeImagePrefix = args[++i];
          }
        }
        case "--cd-owner" -> o.cdOwner = need(args, ++i);
        case "--cd-table" -> o.cdTable = need(args, ++i);
        case "--first-seq" -> o.firstSeq = need(args, ++i);
        case "--to" -> pruneTo = need(args, ++i);
        case "--commit-interval-ms" -> o.commitIntervalMs = Integer.parseInt(need(args, ++i));
        case "--monitor-interval-ms" -> monitorMs = Integer.parseInt(need(args, ++i));
        case "--status-port" -> statusPort = Integer.parseInt(need(args, ++i));
        case "--url" -> url = need(args, ++i);
        case "--user" -> user = need(args, ++i);
        default -> {
          if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
          positional.add(args[i]);
        }
      }
    }
    if (url == null) {
      url = "jdbc:derby://" + env("DERBY_HOST") + ":" + env("DERBY_PORT") + "/" + env("DERBY_DB");
    }
    final String jdbcUrl = url;
    final String jdbcUser = user;
    final String password = env("DERBY_PASSWORD");
    switch (command) {
      case "init", "register", "deregister", "prune" -> {
        int want = command.equals("init") || command.equals("prune") ? 0 : 2;
        if (positional.size() != want) throw new IllegalArgumentException(command + " takes " + want + " arguments");
        try (Connection c = DriverManager.getConnection(jdbcUrl, jdbcUser, password)) {
          c.setAutoCommit(false);
          try {
            switch (command) {
              case "init" -> Registrar.init(c, o);
              case "register" -> Registrar.register(c, positional.get(0), positional.get(1), o);
              case "prune" -> Pruner.prune(c, o.captureSchema, pruneTo);
              default -> Registrar.deregister(c, positional.get(0), positional.get(1), o.captureSchema);
            }
            c.commit();
          } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
          }
        }
        System.out.println("capture: " + command + " " + String.join(" ", positional) + " done in "
            + o.captureSchema);
        return 0;
      }
      case "run" -> {
        if (!positional.isEmpty()) throw new IllegalArgumentException("run takes no arguments");
        CaptureMain main = new CaptureMain(() -> {
          while (true) {
            try {
              Connection c = DriverManager.getConnection(jdbcUrl, jdbcUser, password);
              c.setAutoCommit(false);
              c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
              return c;
            } catch (SQLException e) {
              System.out.println("capture: cannot connect to " + jdbcUrl + ": " + e.getMessage());
              try { Thread.sleep(1000); } catch (InterruptedException ie) { throw new IllegalStateException(ie); }
            }
          }
        }, schemas, o.commitIntervalMs, monitorMs);
        if (statusPort > 0) main.serveStatus(statusPort);
        main.loop();
        return 0;
      }
      default -> throw new IllegalArgumentException("unknown command " + command);
    }
  }

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("$" + name + " is not set: source the env.sh scripts/testenv"
          + " writes, or pass --url/--user");
    }
    return v;
  }
}
