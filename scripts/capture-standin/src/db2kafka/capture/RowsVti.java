package db2kafka.capture;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.List;
import org.apache.derby.vti.VTITemplate;

/** A Derby table function result over rows built in memory; used by ServerHooks.committed. */
final class RowsVti extends VTITemplate {
  private final List<Object[]> rows;
  private int next = 0;
  private Object[] current;
  private boolean wasNull;

  RowsVti(List<Object[]> rows) {
    this.rows = rows;
  }

  @Override
  public boolean next() {
    if (next >= rows.size()) return false;
    current = rows.get(next++);
    return true;
  }

  @Override
  public void close() {}

  private Object get(int column) throws SQLException {
    if (current == null || column < 1 || column > current.length) {
      throw new SQLException("RowsVti: no column " + column);
    }
    Object value = current[column - 1];
    wasNull = value == null;
    return value;
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  @Override
  public long getLong(int column) throws SQLException {
    Object value = get(column);
    return value == null ? 0 : ((Number) value).longValue();
  }

  @Override
  public int getInt(int column) throws SQLException {
    return (int) getLong(column);
  }

  @Override
  public String getString(int column) throws SQLException {
    Object value = get(column);
    return value == null ? null : value.toString();
  }

  @Override
  public Timestamp getTimestamp(int column) throws SQLException {
    return (Timestamp) get(column);
  }

  @Override
  public Timestamp getTimestamp(int column, Calendar calendar) throws SQLException {
    return getTimestamp(column);
  }

  @Override
  public Object getObject(int column) throws SQLException {
    return get(column);
  }
}
