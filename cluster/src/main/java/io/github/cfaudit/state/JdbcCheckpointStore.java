package io.github.cfaudit.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.internal.IsoInstants;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checkpoints in PostgreSQL (table {@code cfaudit_checkpoint}), one row per source, written by compare-and-set on a
 * version column: the fencing of the cluster mode.
 *
 * <p>{@link #load} remembers the version it read. A commit ({@link #stage} then {@link Staged#publish()}) locks the
 * row <em>before the sinks flush</em> ({@code SELECT ... FOR UPDATE}), checks that the version is still the one this
 * run read, keeps the lock while the sinks write the page, and only then writes the new checkpoint with the version
 * plus one. So a node that lost its trigger while frozen and wakes up finds another node's version, fails with
 * {@link CheckpointFencedException} before it hands anything to a sink, and the checkpoint stays where the other node
 * put it. Two runs of one source cannot interleave their pages: the row lock orders their flushes, and the second
 * finds the first's version. A node frozen while it holds the lock delays the other (whose lock wait fails after
 * {@value #LOCK_TIMEOUT_SECONDS} s and is retried on its next fire) until it resumes, or until the server ends its
 * idle transaction (a minute, set by {@code ClusterDatabase}).
 */
public final class JdbcCheckpointStore implements CheckpointStore {
    static final int LOCK_TIMEOUT_SECONDS = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DataSource dataSource;
    private final String nodeId;
    /**
     * Per thread and source: the version this thread last read or wrote, the token its next commit must find. A run
     * executes on one thread from its {@link #load} to its last commit, so the token belongs to the run. Per thread and
     * not per store: a node declared dead while frozen can, once it resumes, have Quartz start a second run of the same
     * source beside the stale one, and the second run's load must not hand the stale one a fresh token.
     */
    private final ThreadLocal<Map<String, Long>> versions = ThreadLocal.withInitial(HashMap::new);

    public JdbcCheckpointStore(DataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
    }

    /** What the table says about a source, for health and for the fencing message. */
    public record Row(
            String source, long version, String endpoint, String watermark, String updatedBy, Instant updatedAt) {}

    @Override
    public Optional<Checkpoint> load(String source) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT version, checkpoint FROM cfaudit_checkpoint WHERE source = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        versions.get().put(source, 0L);
                        return Optional.empty();
                    }
                    versions.get().put(source, rs.getLong(1));
                    String json = rs.getString(2);
                    return json == null ? Optional.empty() : Optional.of(parse(source, json));
                }
            }
        } catch (SQLException e) {
            throw unavailable("read the checkpoint of source '" + source + "'", e);
        }
    }

    @Override
    public void save(String source, Checkpoint checkpoint) {
        stage(source, checkpoint).publish();
    }

    /**
     * Locks the source's row and checks the version: throws {@link CheckpointFencedException} if another node
     * committed since this node read it. The lock is held until {@link Staged#publish()} or {@link Staged#discard()}.
     */
    @Override
    public Staged stage(String source, Checkpoint checkpoint) {
        byte[] json = FileCheckpointStore.toJson(source, checkpoint);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
            }
            Long token = versions.get().get(source);
            if (token == null) {
                throw new IllegalStateException("a commit of source '" + source + "' on a thread that did not load its "
                        + "checkpoint: the version it must find is unknown");
            }
            long expected = token;
            insertIfMissing(c, source);
            Row row = lockRow(c, source);
            if (row.version() != expected) {
                c.rollback();
                versions.get().remove(source);
                throw new CheckpointFencedException(
                        source,
                        row.updatedBy(),
                        "source " + source + ": another node ("
                                + row.updatedBy() + ") committed the checkpoint (version " + row.version()
                                + ", watermark "
                                + row.watermark() + ", at " + row.updatedAt() + ") since this run started at version "
                                + expected + "; stopping");
            }
            return new RowLock(c, source, checkpoint, json, expected);
        } catch (SQLException e) {
            close(c, true);
            throw unavailable("lock the checkpoint of source '" + source + "'", e);
        } catch (RuntimeException e) {
            close(c, true);
            throw e;
        }
    }

    private static void insertIfMissing(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cfaudit_checkpoint (source, version) VALUES (?, 0) ON CONFLICT (source) DO NOTHING")) {
            ps.setString(1, source);
            ps.executeUpdate();
        }
    }

    private static Row lockRow(Connection c, String source) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT source, version, endpoint, watermark, updated_by, updated_at "
                        + "FROM cfaudit_checkpoint WHERE source = ? FOR UPDATE")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row(rs);
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        java.sql.Timestamp at = rs.getTimestamp(6);
        return new Row(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                at == null ? null : at.toInstant());
    }

    /** A commit in progress: the row locked and its version checked. */
    private final class RowLock implements Staged {
        private final Connection c;
        private final String source;
        private final Checkpoint checkpoint;
        private final byte[] json;
        private final long expected;

        RowLock(Connection c, String source, Checkpoint checkpoint, byte[] json, long expected) {
            this.c = c;
            this.source = source;
            this.checkpoint = checkpoint;
            this.json = json;
            this.expected = expected;
        }

        @Override
        public void publish() {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE cfaudit_checkpoint SET version = ?, endpoint = ?, "
                            + "watermark = ?, checkpoint = ?, updated_by = ?, updated_at = now() WHERE source = ? AND version = ?")) {
                ps.setLong(1, expected + 1);
                ps.setString(2, checkpoint.endpoint());
                ps.setString(3, IsoInstants.format(checkpoint.watermark()));
                ps.setString(4, new String(json, StandardCharsets.UTF_8));
                ps.setString(5, nodeId);
                ps.setString(6, source);
                ps.setLong(7, expected);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("the locked checkpoint row of source '" + source + "' changed");
                }
                c.commit();
                versions.get().put(source, expected + 1);
            } catch (SQLException e) {
                // the token stays: if the COMMIT did not happen a retry goes through; if it did, the retry finds this
                // node's own new version and stops the run (the next run reads the version again)
                throw unavailable("write the checkpoint of source '" + source + "'", e);
            } finally {
                close(c, false);
            }
        }

        @Override
        public void discard() {
            close(c, true);
        }
    }

    private static void close(Connection c, boolean rollback) {
        if (c == null) {
            return;
        }
        try {
            if (rollback && !c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // closing returns it to the pool, which rolls back what is left
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing to do
        }
    }

    /** Every source's row, for health and {@code --check}. */
    public Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT source, version, endpoint, watermark, updated_by, updated_at "
                        + "FROM cfaudit_checkpoint ORDER BY source")) {
            while (rs.next()) {
                Row r = row(rs);
                rows.put(r.source(), r);
            }
        } catch (SQLException e) {
            throw unavailable("read the checkpoints", e);
        }
        return rows;
    }

    /**
     * Copies a checkpoint in (for {@code --import-checkpoints}): refused when the database already holds a checkpoint
     * of the source whose watermark is at or after the imported one, unless {@code overwrite}.
     *
     * @return what was done, one line
     */
    public String importCheckpoint(String source, Checkpoint checkpoint, boolean overwrite) {
        Checkpoint current = load(source).orElse(null);
        if (current != null && !overwrite && !current.watermark().isBefore(checkpoint.watermark())) {
            return "kept: the database's checkpoint (watermark " + current.watermark() + ") is not older than the "
                    + "imported one (" + checkpoint.watermark() + ")";
        }
        save(source, checkpoint);
        return "imported (watermark " + checkpoint.watermark() + (current == null ? "" : ", was " + current.watermark())
                + ")";
    }

    private static Checkpoint parse(String source, String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            Map<String, Instant> ids = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = root.path("recentIds").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                ids.put(e.getKey(), Instant.parse(e.getValue().asText()));
            }
            return new Checkpoint(
                    root.get("endpoint").asText(),
                    Instant.parse(root.get("watermark").asText()),
                    ids);
        } catch (Exception e) {
            throw new CorruptCheckpointException(
                    "The checkpoint of source '" + source + "' in table cfaudit_checkpoint " + "is corrupt ("
                            + e.getMessage() + "). Nothing was delivered for this source.",
                    e);
        }
    }

    private static StateStoreUnavailableException unavailable(String what, SQLException e) {
        return new StateStoreUnavailableException(
                "state store: cannot " + what + " (" + describe(e) + "); nothing "
                        + "more is delivered until the database answers again",
                e);
    }

    /** The SQL state and message, first line only (PostgreSQL adds positions and hints below). */
    public static String describe(SQLException e) {
        String m = e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().split("\n", 2)[0];
        return e.getSQLState() == null ? m : m + " [SQLState " + e.getSQLState() + "]";
    }
}
