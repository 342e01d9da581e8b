// Creates the demo database in the running Derby Network Server: schema DEMO with four related
// tables, 101,000 rows in all, covering the common Db2 types (SMALLINT, INTEGER, BIGINT, DECIMAL,
// REAL, DOUBLE, CHAR, VARCHAR, CLOB, VARCHAR FOR BIT DATA, BLOB, DATE, TIME, TIMESTAMP, BOOLEAN),
// nullable columns with NULLs, non-ASCII text, a composite primary key, a unique key and foreign
// keys. The rows come from a java.util.Random with a fixed seed and fixed start dates, so every run
// writes the same data (the JVM runs in UTC so no time zone can shift a DATE or TIMESTAMP).
//
// Idempotent: when all four tables exist with the expected row counts the run only prints the
// counts (a rerun of `make demo` costs a second); otherwise, or with --recreate, it drops whatever
// DEMO tables exist and creates and fills all four again.
//
// Usage: java -cp derbyclient.jar DemoData.java [--recreate]
// Reads DERBY_HOST, DERBY_PORT, DERBY_DB, DERBY_USER and DERBY_PASSWORD from the environment
// (scripts/testenv's env.sh), so the password is not on a command line. Wrapper: scripts/demo-data/create.
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Random;
import java.util.TimeZone;

public class DemoData {
  static final long SEED = 20240531L;
  static final int CUSTOMERS = 10_000;
  static final int PRODUCTS = 1_000;
  static final int ORDERS = 30_000;  // an even number: orders come in pairs of 4 lines, see fillOrders
  static final int ORDER_ITEMS = 2 * ORDERS;
  // Above 2^31, so the BIGINT key is visibly not an INTEGER.
  static final long FIRST_ORDER_ID = 5_000_000_001L;
  static final int COMMIT_EVERY = 5_000;

  // Creation order; dropped in reverse because of the foreign keys.
  static final String[] TABLES = {"CUSTOMERS", "PRODUCTS", "ORDERS", "ORDER_ITEMS"};
  static final long[] EXPECTED_ROWS = {CUSTOMERS, PRODUCTS, ORDERS, ORDER_ITEMS};

  static final String[] DDL = {
    "CREATE TABLE DEMO.CUSTOMERS ("
        + " ID INTEGER NOT NULL PRIMARY KEY,"
        + " NAME VARCHAR(60) NOT NULL,"
        + " EMAIL VARCHAR(80),"
        + " COUNTRY CHAR(2) NOT NULL,"
        + " SIGNUP DATE NOT NULL,"
        + " ACTIVE BOOLEAN NOT NULL,"
        + " BIRTH_YEAR SMALLINT,"
        + " CREDIT_LIMIT DECIMAL(11,2),"
        + " CONSTRAINT UK_CUSTOMERS_EMAIL UNIQUE (EMAIL))",
    "CREATE TABLE DEMO.PRODUCTS ("
        + " ID SMALLINT NOT NULL PRIMARY KEY,"
        + " NAME VARCHAR(80) NOT NULL,"
        + " CATEGORY VARCHAR(20) NOT NULL,"
        + " PRICE DECIMAL(9,2) NOT NULL,"
        + " WEIGHT_KG REAL,"
        + " RATING DOUBLE,"
        + " DESCRIPTION CLOB(4K),"
        + " SKU_HASH VARCHAR(16) FOR BIT DATA NOT NULL,"
        + " THUMBNAIL BLOB(1K))",
    "CREATE TABLE DEMO.ORDERS ("
        + " ID BIGINT NOT NULL PRIMARY KEY,"
        + " CUSTOMER_ID INTEGER NOT NULL REFERENCES DEMO.CUSTOMERS (ID),"
        + " CREATED TIMESTAMP NOT NULL,"
        + " PICKUP_TIME TIME,"
        + " TOTAL DECIMAL(15,2) NOT NULL,"
        + " STATUS VARCHAR(12) NOT NULL,"
        + " NOTE VARCHAR(200))",
    "CREATE TABLE DEMO.ORDER_ITEMS ("
        + " ORDER_ID BIGINT NOT NULL REFERENCES DEMO.ORDERS (ID),"
        + " LINE SMALLINT NOT NULL,"
        + " PRODUCT_ID SMALLINT NOT NULL REFERENCES DEMO.PRODUCTS (ID),"
        + " QUANTITY INTEGER NOT NULL,"
        + " UNIT_PRICE DECIMAL(9,2) NOT NULL,"
        + " PRIMARY KEY (ORDER_ID, LINE))",
  };

  // Non-ASCII names on purpose: they must arrive in Kafka as the same UTF-8 text.
  static final String[] FIRST_NAMES = {
    "Anna", "Ben", "Chloé", "David", "Émile", "Fatima", "Giulia", "Hiroshi", "Ingrid", "José",
    "Katarzyna", "Lars", "María", "Nguyễn", "Olga", "Paulo", "Quentin", "Renée", "Søren", "Tomás",
    "Uwe", "Valentina", "Wei", "Xiomara", "Yusuf", "Zoë", "Łukasz", "Ólafur", "Анна", "Γιώργος",
    "芳", "健太"};
  static final String[] LAST_NAMES = {
    "Smith", "Müller", "García", "Rossi", "Dubois", "Kowalski", "Nielsen", "Yamada", "Silva",
    "O'Brien", "Dvořák", "Jönsson", "Peña", "Öztürk", "Ivanova", "Παπαδόπουλος", "王", "山田",
    "van der Berg", "Nakamura"};
  static final String[] COUNTRIES = {
    "US", "DE", "FR", "ES", "IT", "PL", "DK", "JP", "BR", "IE", "CZ", "SE", "MX", "TR", "RU", "GR",
    "CN", "NL", "PT", "IS"};
  static final String[] CATEGORIES = {"coffee", "tea", "bakery", "dairy", "fruit", "kitchen"};
  static final String[] ADJECTIVES = {
    "Dark", "Mild", "Organic", "Classic", "Spiced", "Smoky", "Fresh", "Crème", "Süß", "Frío"};
  static final String[] NOUNS = {
    "Roast", "Blend", "Brûlée", "Loaf", "Cheese", "Jam", "Mug", "Kettle", "Croissant", "Matcha"};
  static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"};
  static final String[] NOTES = {
    "leave at the door", "ring twice", "gift wrap, please", "call before delivery",
    "Bitte beim Nachbarn abgeben", "pas de sonnette", "fragile — handle with care",
    "He said \"no onions\"", "back door | side entrance", "配達前に電話してください"};

  public static void main(String[] args) throws Exception {
    boolean recreate = args.length == 1 && args[0].equals("--recreate");
    if (args.length > 1 || (args.length == 1 && !recreate)) {
      System.err.println("usage: DemoData.java [--recreate]");
      System.exit(2);
    }
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    String url = "jdbc:derby://" + env("DERBY_HOST") + ":" + env("DERBY_PORT") + "/" + env("DERBY_DB");
    long started = System.nanoTime();
    try (Connection connection =
        DriverManager.getConnection(url, env("DERBY_USER"), env("DERBY_PASSWORD"))) {
      connection.setAutoCommit(false);
      if (!recreate && hasExpectedRows(connection)) {
        System.out.println("demo-data: DEMO tables already hold the expected rows; kept them"
            + " (--recreate to rebuild)");
      } else {
        dropTables(connection);
        createTables(connection);
        Random random = new Random(SEED);
        fillCustomers(connection, random);
        BigDecimal[] prices = fillProducts(connection, random);
        fillOrders(connection, random, prices);
        System.out.printf("demo-data: created schema DEMO in %s in %.1f s%n", url,
            (System.nanoTime() - started) / 1e9);
      }
      for (String table : TABLES) {
        System.out.printf("DEMO.%-12s %,8d rows%n", table, countRows(connection, table));
      }
    }
  }

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      System.err.println("demo-data: " + name + " is not set: source the env.sh that"
          + " `scripts/testenv up` writes (build/testenv/env.sh)");
      System.exit(1);
    }
    return value;
  }

  static boolean tableExists(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet rows = meta.getTables(null, "DEMO", table, new String[] {"TABLE"})) {
      return rows.next();
    }
  }

  static long countRows(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM DEMO." + table)) {
      rows.next();
      return rows.getLong(1);
    } finally {
      connection.commit();
    }
  }

  static boolean hasExpectedRows(Connection connection) throws SQLException {
    for (int i = 0; i < TABLES.length; i++) {
      if (!tableExists(connection, TABLES[i]) || countRows(connection, TABLES[i]) != EXPECTED_ROWS[i]) {
        return false;
      }
    }
    return true;
  }

  static void dropTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (int i = TABLES.length - 1; i >= 0; i--) {
        if (tableExists(connection, TABLES[i])) statement.executeUpdate("DROP TABLE DEMO." + TABLES[i]);
      }
    }
    connection.commit();
  }

  // Derby creates the schema DEMO with its first table.
  static void createTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : DDL) statement.executeUpdate(ddl);
    }
    connection.commit();
  }

  // Sends the batch and commits every COMMIT_EVERY rows; the last call (row == total) flushes.
  static void rowAdded(Connection connection, PreparedStatement insert, int row, int total)
      throws SQLException {
    insert.addBatch();
    if (row % COMMIT_EVERY == 0 || row == total) {
      insert.executeBatch();
      connection.commit();
    }
  }

  static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  static void fillCustomers(Connection connection, Random random) throws SQLException {
    LocalDate firstSignup = LocalDate.of(2015, 1, 1);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO DEMO.CUSTOMERS VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= CUSTOMERS; id++) {
        String first = pick(random, FIRST_NAMES);
        String last = pick(random, LAST_NAMES);
        insert.setInt(1, id);
        insert.setString(2, first + " " + last);
        if (random.nextInt(20) == 0) {
          insert.setNull(3, Types.VARCHAR);  // 5% without an e-mail address
        } else {
          insert.setString(3, "customer" + id + "@example.com");
        }
        insert.setString(4, pick(random, COUNTRIES));
        insert.setDate(5, Date.valueOf(firstSignup.plusDays(random.nextInt(3653))));
        insert.setBoolean(6, random.nextInt(100) < 85);
        if (random.nextInt(5) == 0) {
          insert.setNull(7, Types.SMALLINT);
        } else {
          insert.setShort(7, (short) (1940 + random.nextInt(66)));
        }
        if (random.nextInt(10) < 3) {
          insert.setNull(8, Types.DECIMAL);
        } else {
          insert.setBigDecimal(8, BigDecimal.valueOf(random.nextInt(5_000_000), 2));
        }
        rowAdded(connection, insert, id, CUSTOMERS);
      }
    }
  }

  static byte[] skuHash(int id) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(("SKU-" + id).getBytes(StandardCharsets.US_ASCII));
    return Arrays.copyOf(digest, 16);
  }

  // Returns each product's price (index = product id) for the order items.
  static BigDecimal[] fillProducts(Connection connection, Random random) throws Exception {
    BigDecimal[] prices = new BigDecimal[PRODUCTS + 1];
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO DEMO.PRODUCTS VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= PRODUCTS; id++) {
        String name = pick(random, ADJECTIVES) + " " + pick(random, NOUNS) + " #" + id;
        String category = pick(random, CATEGORIES);
        prices[id] = BigDecimal.valueOf(99 + random.nextInt(9_900), 2);
        insert.setShort(1, (short) id);
        insert.setString(2, name);
        insert.setString(3, category);
        insert.setBigDecimal(4, prices[id]);
        if (random.nextInt(10) == 0) {
          insert.setNull(5, Types.REAL);
        } else {
          insert.setFloat(5, 0.05f + random.nextInt(5000) / 1000f);
        }
        insert.setDouble(6, 1.0 + random.nextDouble() * 4.0);
        if (random.nextInt(4) == 0) {
          insert.setNull(7, Types.CLOB);
        } else {
          insert.setString(7, name + ": a " + category + " favourite, best before "
              + LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365)) + ".");
        }
        insert.setBytes(8, skuHash(id));
        if (random.nextInt(3) == 0) {
          byte[] thumbnail = new byte[16 + random.nextInt(48)];
          random.nextBytes(thumbnail);
          insert.setBytes(9, thumbnail);
        } else {
          insert.setNull(9, Types.BLOB);
        }
        rowAdded(connection, insert, id, PRODUCTS);
      }
    }
    return prices;
  }

  // Orders come in pairs whose line counts add up to 4 (1+3, 2+2, 3+1), so there are exactly
  // 2 * ORDERS items. An order's TOTAL is the sum of its lines.
  static void fillOrders(Connection connection, Random random, BigDecimal[] prices)
      throws SQLException {
    LocalDateTime firstOrder = LocalDateTime.of(2023, 1, 1, 0, 0);
    try (PreparedStatement orders = connection.prepareStatement(
            "INSERT INTO DEMO.ORDERS VALUES (?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement items = connection.prepareStatement(
            "INSERT INTO DEMO.ORDER_ITEMS VALUES (?, ?, ?, ?, ?)")) {
      int itemRow = 0;
      int pairLines = 0;
      for (int n = 1; n <= ORDERS; n++) {
        long id = FIRST_ORDER_ID + n - 1;
        int lines = n % 2 == 1 ? (pairLines = 1 + random.nextInt(3)) : 4 - pairLines;
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (int line = 1; line <= lines; line++) {
          int product = 1 + random.nextInt(PRODUCTS);
          int quantity = 1 + random.nextInt(random.nextInt(10) == 0 ? 50 : 5);
          items.setLong(1, id);
          items.setShort(2, (short) line);
          items.setShort(3, (short) product);
          items.setInt(4, quantity);
          items.setBigDecimal(5, prices[product]);
          total = total.add(prices[product].multiply(BigDecimal.valueOf(quantity)));
          items.addBatch();
          itemRow++;
        }
        // Seconds apart with a microsecond fraction: about 2 years of orders.
        LocalDateTime created = firstOrder.plusSeconds(n * 2000L + random.nextInt(2000))
            .withNano(random.nextInt(1_000_000) * 1000);
        orders.setLong(1, id);
        orders.setInt(2, 1 + random.nextInt(CUSTOMERS));
        orders.setTimestamp(3, Timestamp.valueOf(created));
        if (random.nextInt(3) == 0) {
          orders.setNull(4, Types.TIME);
        } else {
          orders.setTime(4, Time.valueOf(LocalTime.of(8 + random.nextInt(12), random.nextInt(4) * 15)));
        }
        orders.setBigDecimal(5, total);
        orders.setString(6, pick(random, STATUSES));
        if (random.nextInt(4) == 0) {
          orders.setString(7, pick(random, NOTES));
        } else {
          orders.setNull(7, Types.VARCHAR);
        }
        orders.addBatch();
        // Orders go first: the items' foreign key needs them.
        if (n % COMMIT_EVERY == 0 || n == ORDERS) {
          orders.executeBatch();
          items.executeBatch();
          connection.commit();
        }
      }
      if (itemRow != ORDER_ITEMS) throw new IllegalStateException("wrote " + itemRow + " items");
    }
  }
}
