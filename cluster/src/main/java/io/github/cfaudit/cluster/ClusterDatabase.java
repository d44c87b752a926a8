package io.github.cfaudit.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.cfaudit.config.ClusterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database of {@code cfaudit.state.store=jdbc}: one HikariCP pool shared by the checkpoint store, the
 * cluster's rate budget and Quartz's job store, and the schema, created or migrated when a node starts.
 *
 * <p>Several nodes may start at once: the migration runs in one transaction that first takes a transaction-scoped
 * advisory lock, so one node creates the tables while the others wait and then find them in place. PostgreSQL's DDL
 * is transactional, so a node killed halfway leaves nothing half-created.
 */
public final class ClusterDatabase implements AutoCloseable {
    /** The schema version this build writes; recorded in {@code cfaudit_schema}. */
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDatabase.class);
    /** Key of the advisory lock that serialises migrations (any constant shared by every node). */
    private static final long MIGRATION_LOCK = 0x63666175646974L;

    private static final String QUARTZ_SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    private final HikariDataSource pool;
    private final String url;

    private ClusterDatabase(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    /**
     * Opens the pool (no connection yet: a database that is down fails the first use, not the construction).
     *
     * @param poolSize connections: Quartz's threads plus one per source run plus a few for the budget and health
     */
    public static ClusterDatabase open(ClusterConfig config, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("cfaudit-" + config.nodeId());
        hc.setJdbcUrl(config.jdbcUrl());
        if (config.username() != null) {
            hc.setUsername(config.username());
        }
        if (config.password() != null) {
            hc.setPassword(config.password().reveal());
        }
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(3_000);
        hc.setInitializationFailTimeout(-1);
        // A node frozen or cut off while it holds a checkpoint's row lock (see JdbcCheckpointStore) must not block the
        // source for ever: the server ends such a session after a minute; a node that is only slow is not affected.
        hc.setConnectionInitSql("SET idle_in_transaction_session_timeout = '60s'");
        hc.addDataSourceProperty("ApplicationName", "camel-cloudflare-audit " + config.nodeId());
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("socketTimeout", "120");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        return new ClusterDatabase(new HikariDataSource(hc), config.jdbcUrl());
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL, for messages (it never holds the password: the configuration refuses that). */
    public String url() {
        return url;
    }

    /** The schema version recorded in {@code cfaudit_schema}, 0 when the table does not exist yet. */
    static int schemaVersion(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT to_regclass('cfaudit_schema') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return 0;
            }
        }
        try (ResultSet v = st.executeQuery("SELECT max(version) FROM cfaudit_schema")) {
            v.next();
            return v.getInt(1);
        }
    }

    /**
     * Creates Quartz's tables and ours, or brings them to {@link #SCHEMA_VERSION}; safe when several nodes run it at
     * the same moment. Fails when the database holds a newer schema than this build knows.
     */
    public void migrate() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                int version = schemaVersion(st);
                if (version > SCHEMA_VERSION) {
                    throw new SQLException("the database holds schema version " + version + ", newer than the "
                            + SCHEMA_VERSION + " this build knows: upgrade this node first");
                }
                if (version < 1) {
                    boolean quartzThere;
                    try (ResultSet rs = st.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
                        rs.next();
                        quartzThere = rs.getBoolean(1);
                    }
                    if (!quartzThere) {
                        for (String sql : quartzStatements()) {
                            st.execute(sql);
                        }
                    }
                    for (String sql : VERSION_1) {
                        st.execute(sql);
                    }
                    st.execute("INSERT INTO cfaudit_schema (version, applied_at) VALUES (1, now())");
                    LOG.info(
                            "state store: created the schema (version 1{}) in {}",
                            quartzThere ? "" : ", with Quartz's tables",
                            url);
                }
            }
            c.commit();
        }
    }

    /** Our tables, version 1. */
    private static final List<String> VERSION_1 = List.of(
            "CREATE TABLE cfaudit_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
            // one row per source; version moves by one on every commit (compare-and-set fencing)
            "CREATE TABLE cfaudit_checkpoint (source VARCHAR(200) PRIMARY KEY, version BIGINT NOT NULL, "
                    + "endpoint TEXT, watermark TEXT, checkpoint TEXT, updated_by VARCHAR(80), updated_at TIMESTAMPTZ)",
            // what the cluster was started with: one fingerprint per source and sink (see ClusterConsistency)
            "CREATE TABLE cfaudit_cluster_config (item VARCHAR(300) PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL, "
                    + "recorded_by VARCHAR(80) NOT NULL, recorded_at TIMESTAMPTZ NOT NULL)",
            // the requests sent per budget, for the cluster-wide rate limit (see SharedRateBudget)
            "CREATE TABLE cfaudit_rate_budget (budget VARCHAR(200) NOT NULL, sent_at TIMESTAMPTZ NOT NULL, "
                    + "node VARCHAR(80) NOT NULL)",
            "CREATE INDEX cfaudit_rate_budget_sent ON cfaudit_rate_budget (budget, sent_at)");

    /** Quartz's own PostgreSQL script from its jar, without its DROP TABLE lines and its COMMIT. */
    static List<String> quartzStatements() {
        String script;
        try (InputStream in = ClusterDatabase.class.getClassLoader().getResourceAsStream(QUARTZ_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(QUARTZ_SCRIPT + " is missing from the class path (quartz jar)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + QUARTZ_SCRIPT, e);
        }
        StringBuilder clean = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                clean.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String s : clean.toString().split(";")) {
            String sql = s.trim();
            String upper = sql.toUpperCase();
            if (!sql.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                statements.add(sql);
            }
        }
        return statements;
    }

    /** True when a connection can be had and answers. */
    public boolean reachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
