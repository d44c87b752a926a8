package io.github.cfaudit.cluster;

import io.github.cfaudit.cloudflare.SharedBudget;
import io.github.cfaudit.state.JdbcCheckpointStore;
import io.github.cfaudit.state.StateStoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One named request budget for the whole cluster, in table {@code cfaudit_rate_budget}: a sliding-window log of the
 * requests every node sent. A node takes a slot in a transaction that holds the budget's advisory lock, drops the
 * entries older than the window, and inserts its own only while fewer than the limit remain; otherwise it waits until
 * the oldest one leaves the window. Times are the database's clock, so the nodes' clocks do not matter here.
 * One round trip per request: Cloudflare's budget is 4 requests a second.
 */
public final class SharedRateBudget implements SharedBudget {
    private final DataSource dataSource;
    private final String name;
    private final String nodeId;

    /** @param name the budget's name: the connection whose token it counts ({@code default} for {@code cfaudit.api.*}) */
    public SharedRateBudget(DataSource dataSource, String name, String nodeId) {
        this.dataSource = dataSource;
        this.name = name;
        this.nodeId = nodeId;
    }

    @Override
    public void acquire(int limit, Duration window) throws InterruptedException {
        while (true) {
            long waitMillis = tryAcquire(limit, window);
            if (waitMillis <= 0) {
                return;
            }
            Thread.sleep(Math.max(5, Math.min(waitMillis, 1_000)));
        }
    }

    /** Takes a slot and returns 0, or returns how long to wait before the next try. */
    long tryAcquire(int limit, Duration window) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    lock.setString(1, "cfaudit-rate-budget:" + name);
                    lock.execute();
                }
                try (PreparedStatement drop = c.prepareStatement("DELETE FROM cfaudit_rate_budget WHERE budget = ? "
                        + "AND sent_at <= clock_timestamp() - ? * interval '1 millisecond'")) {
                    drop.setString(1, name);
                    drop.setLong(2, window.toMillis());
                    drop.executeUpdate();
                }
                long count;
                long waitMillis;
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM (min(sent_at) "
                                + "+ ? * interval '1 millisecond' - clock_timestamp())) * 1000, 0) FROM cfaudit_rate_budget WHERE budget = ?")) {
                    q.setLong(1, window.toMillis());
                    q.setString(2, name);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        count = rs.getLong(1);
                        waitMillis = (long) Math.ceil(rs.getDouble(2));
                    }
                }
                if (count >= limit) {
                    c.commit();
                    return Math.max(1, waitMillis);
                }
                try (PreparedStatement add = c.prepareStatement(
                        "INSERT INTO cfaudit_rate_budget (budget, sent_at, node) VALUES (?, clock_timestamp(), ?)")) {
                    add.setString(1, name);
                    add.setString(2, nodeId);
                    add.executeUpdate();
                }
                c.commit();
                return 0;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StateStoreUnavailableException(
                    "state store: cannot take a request from the cluster's rate budget '" + name + "' ("
                            + JdbcCheckpointStore.describe(e) + ")",
                    e);
        }
    }
}
