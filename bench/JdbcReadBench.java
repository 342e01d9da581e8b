// The peer of bench_drda_read: Derby's own JDBC network client (derbyclient.jar) reads the same
// table, materializing every value with getObject. Prints the same key=value line.
// Usage: java -cp derbyclient.jar bench/JdbcReadBench.java <jdbc url> <user> <password env var> <table>
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

public class JdbcReadBench {
  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (Connection connection = DriverManager.getConnection(args[0], args[1], System.getenv(args[2]))) {
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long rows = 0;
      long checksum = 0;
      try (Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT * FROM " + args[3])) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          rows++;
          for (int i = 1; i <= columns; i++) {
            Object value = result.getObject(i);
            if (value != null) checksum += value.hashCode() & 1;
          }
        }
      }
      connection.rollback();  // ends the read's unit of work so the connection may close
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf("rows=%d seconds=%.3f rows_per_sec=%.0f cpu_seconds=%.3f checksum=%d%n",
          rows, seconds, rows / seconds, cpu, checksum);
    }
  }
}
