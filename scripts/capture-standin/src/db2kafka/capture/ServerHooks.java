package db2kafka.capture;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.derby.iapi.services.monitor.DerbyObservable;
import org.apache.derby.iapi.services.monitor.DerbyObserver;
import org.apache.derby.iapi.sql.conn.ConnectionUtil;
import org.apache.derby.iapi.sql.conn.LanguageConnectionContext;
import org.apache.derby.iapi.store.access.TransactionController;
import org.apache.derby.iapi.store.raw.xact.RawTransaction;
import org.apache.derby.impl.store.access.RAMTransaction;

/**
 * Runs inside the Derby Network Server (its jar is on the server's class path) and is called
 * through SQL functions: by the triggers of registered tables (TxTag, WriteSeq) and by the
 * capture process (Committed, Ack, FirstTag).
 *
 * The first trigger row of a transaction attaches an observer to Derby's raw-store transaction.
 * Derby notifies observers from Xact.doComplete() while committing: after the transaction's last
 * statement, while it still holds every lock (they are released later, in postComplete). The
 * observer takes the commit stamp there, under one global lock, so a transaction that conflicts
 * with T (waits for one of T's locks) or starts after T's commit returned always gets a higher
 * stamp. State lives in this JVM only; it is lost when the server stops (see README).
 */
public final class ServerHooks {
  private ServerHooks() {}

  /** One writing transaction; owned by the transaction's thread until it completes. */
  static final class Tx implements DerbyObserver {
    final long tag;
    final RawTransaction xact;
    final Set<String> schemas = new LinkedHashSet<>();
    final String authId;
    final String authToken;
    long commitOrder;
    Timestamp commitTime;

    Tx(long tag, RawTransaction xact, String authId, String authToken) {
      this.tag = tag;
      this.xact = xact;
      this.authId = authId;
      this.authToken = authToken;
    }

    @Override
    public void update(DerbyObservable observable, Object what) {
      boolean commit = RawTransaction.COMMIT.equals(what);
      if (!commit && !RawTransaction.ABORT.equals(what)) return;  // savepoint rollback, escalation
      xact.deleteObserver(this);  // Xact.doComplete loops until no observer is left
      synchronized (LOCK) {
        OPEN.remove(xact);
        if (!commit) return;
        commitOrder = ++lastCommitOrder;
        commitTime = Timestamp.from(Instant.now());
        for (String schema : schemas) {
          COMMITTED.computeIfAbsent(schema, s -> new ArrayDeque<>()).addLast(this);
        }
      }
    }
  }

  private static final Object LOCK = new Object();
  private static final Map<RawTransaction, Tx> OPEN = new IdentityHashMap<>();
  /** Per capture schema: committed transactions not yet acknowledged, in commit order. */
  private static final Map<String, ArrayDeque<Tx>> COMMITTED = new HashMap<>();
  private static long lastCommitOrder = 0;
  /** Tags and write sequences of this server run start above those of any earlier run. */
  private static final long FIRST = System.currentTimeMillis() * 1000L;
  private static final AtomicLong NEXT_TAG = new AtomicLong(FIRST);
  private static final AtomicLong NEXT_WRITE = new AtomicLong(FIRST);

  /** SQL: STANDIN_TX_TAG(capture_schema) BIGINT — the calling transaction's tag. */
  public static long txTag(String captureSchema) throws SQLException {
    LanguageConnectionContext lcc = ConnectionUtil.getCurrentLCC();
    TransactionController tc = lcc.getTransactionExecute();
    RawTransaction xact = (RawTransaction) ((RAMTransaction) tc).getRawStoreXact();
    synchronized (LOCK) {
      Tx tx = OPEN.get(xact);
      if (tx == null) {
        tx = new Tx(NEXT_TAG.incrementAndGet(), xact, lcc.getSessionUserId(),
            "DERBY-CONN-" + lcc.getInstanceNumber());
        OPEN.put(xact, tx);
        xact.addObserver(tx);
      }
      tx.schemas.add(captureSchema);
      return tx.tag;
    }
  }

  /** SQL: STANDIN_WRITE_SEQ() BIGINT — server-wide order of trigger rows (intent order). */
  public static long writeSeq() {
    return NEXT_WRITE.incrementAndGet();
  }

  /** SQL: STANDIN_FIRST_TAG() BIGINT — tags below it come from an earlier server run. */
  public static long firstTag() {
    return FIRST + 1;
  }

  /** SQL: STANDIN_ACK(capture_schema, commit_order) — forget transactions up to that order. */
  public static int ack(String captureSchema, long upToOrder) {
    int removed = 0;
    synchronized (LOCK) {
      ArrayDeque<Tx> queue = COMMITTED.get(captureSchema);
      while (queue != null && !queue.isEmpty() && queue.peekFirst().commitOrder <= upToOrder) {
        queue.removeFirst();
        removed++;
      }
    }
    return removed;
  }

  /**
   * SQL table function STANDIN_COMMITTED(capture_schema): (TAG, COMMIT_ORDER, COMMIT_TIME,
   * AUTHID, AUTHTKN) of committed, unacknowledged transactions in commit order. The set is
   * closed downwards: every transaction stamped before the highest order listed is listed.
   */
  public static ResultSet committed(String captureSchema) {
    List<Object[]> rows = new ArrayList<>();
    synchronized (LOCK) {
      ArrayDeque<Tx> queue = COMMITTED.get(captureSchema);
      if (queue != null) {
        for (Tx tx : queue) {
          rows.add(new Object[] {tx.tag, tx.commitOrder, tx.commitTime, tx.authId, tx.authToken});
        }
      }
    }
    return new RowsVti(rows);
  }
}
