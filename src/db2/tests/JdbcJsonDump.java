// The independent reader for the type-table test: runs one query through Derby's own JDBC network
// client (derbyclient.jar) and prints each row as a JSON object with db2kafka's rendering rules
// (DECIMAL as a string, binary as lower-case hex, TIMESTAMP as ISO 8601 with nine fraction digits).
// Usage: java -cp derbyclient.jar JdbcJsonDump.java <jdbc url> <user> <password env var> <query>
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.format.DateTimeFormatter;

public class JdbcJsonDump {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS");

  public static void main(String[] args) throws Exception {
    String password = System.getenv(args[2]);
    try (Connection connection = DriverManager.getConnection(args[0], args[1], password);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(args[3])) {
      ResultSetMetaData meta = rows.getMetaData();
      StringBuilder out = new StringBuilder();
      while (rows.next()) {
        out.append('{');
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (i > 1) out.append(',');
          out.append(quote(meta.getColumnLabel(i))).append(':').append(render(rows, meta, i));
        }
        out.append("}\n");
      }
      System.out.print(out);
    }
  }

  private static String render(ResultSet rows, ResultSetMetaData meta, int i) throws Exception {
    // A LOB may be read only once, so LOBs are read before the null check, which for them is
    // a null result.
    switch (meta.getColumnType(i)) {
      case Types.BLOB: {
        byte[] bytes = rows.getBytes(i);
        return bytes == null ? "null" : quote(hex(bytes));
      }
      case Types.CLOB: {
        String text = rows.getString(i);
        return text == null ? "null" : quote(text);
      }
      default:
        break;
    }
    Object probe = rows.getObject(i);
    if (probe == null) return "null";
    switch (meta.getColumnType(i)) {
      case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
        return Long.toString(rows.getLong(i));
      case Types.DECIMAL: case Types.NUMERIC:
        return quote(rows.getBigDecimal(i).toPlainString());
      case Types.REAL:
        return Double.toString((double) rows.getFloat(i));
      case Types.DOUBLE: case Types.FLOAT:
        return Double.toString(rows.getDouble(i));
      case Types.BINARY: case Types.VARBINARY: case Types.LONGVARBINARY:
        return quote(hex(rows.getBytes(i)));
      case Types.DATE:
        return quote(rows.getDate(i).toString());
      case Types.TIME:
        return quote(rows.getTime(i).toString());
      case Types.TIMESTAMP:
        return quote(rows.getTimestamp(i).toLocalDateTime().format(TIMESTAMP));
      case Types.BOOLEAN:
        return Boolean.toString(rows.getBoolean(i));
      default:
        return quote(rows.getString(i));
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) text.append(String.format("%02x", b & 0xFF));
    return text.toString();
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
