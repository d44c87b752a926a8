package io.github.cfaudit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.config.ClusterConfig;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.RecordedRequest;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged-jar nodes of one cluster (Quartz's clustered job store and the checkpoints in one real PostgreSQL)
 * backfill six sources from the simulator into one file sink (a shared directory). The node running the big source
 * is killed with SIGKILL mid-backfill, then the node that took it over is frozen with SIGSTOP for longer than three
 * check-ins and resumed. In the end: every id delivered, none twice, no checkpoint ever moved backwards (every
 * update is recorded by a database trigger), failover within Quartz's bound, and the request log shows no two nodes
 * paging one source at once except the frozen node's fenced overlap.
 */
class ClusterIT {
    private static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();
    private static final Duration CHECK_IN = Duration.ofSeconds(2);
    private static final Duration SCHEDULE = Duration.ofSeconds(2);
    private static final int PAGE_SIZE = 50;
    private static final String[] ACCOUNTS = {"0a1", "0a2", "0a3", "0a4", "0a5"};
    private static final Pattern USER_AGENT_NODE = Pattern.compile("\\(node ([^)]+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEALTH_PORT = Pattern.compile("http://[0-9.]+:(\\d+)/observe/health");

    @TempDir
    Path dir;

    private final Map<String, Process> nodes = new LinkedHashMap<>();

    @AfterEach
    void stopNodes() throws Exception {
        for (Process p : nodes.values()) {
            if (p.isAlive()) {
                new ProcessBuilder("sh", "-c", "kill -CONT " + p.pid()).start().waitFor();
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    @Test
    void threeNodesShareTheSourcesSurviveAKillAndAFreezeAndDeliverEveryEntryOnce() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String database = pg.newDatabase();
        String url = pg.url(database);
        prepareDatabase(url);

        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("cluster-token")) {
            Instant to = Instant.now().minus(Duration.ofMinutes(30));
            Instant from = to.minus(Duration.ofDays(2));
            SyntheticAuditData data = new SyntheticAuditData(7);
            Set<String> truth = new HashSet<>(data.populateOrganization(sim, AuditHarness.ORG, 14_000, from, to));
            for (String account : ACCOUNTS) {
                truth.addAll(data.populateAccount(sim, account, 3_000, from, to));
            }
            assertThat(truth).hasSize(29_000);
            sim.setResponseDelay(Duration.ofMillis(40));
            Path out = dir.resolve("out");
            for (String node : List.of("node-a", "node-b", "node-c")) {
                nodes.put(node, start(node, config(sim.baseUrl(), url, node, out)));
            }

            // 1. SIGKILL the node running the big source, mid-backfill
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> row(url, "org") != null && row(url, "org").version >= 10);
            Row before = row(url, "org");
            String killed = before.node;
            Instant killedAt = Instant.now();
            nodes.get(killed).destroyForcibly();
            nodes.get(killed).waitFor();
            Row after = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> row(url, "org"), r -> r != null && !r.node.equals(killed));
            Duration failover = Duration.between(killedAt, Instant.now());
            System.out.println("CLUSTER-IT failover of source org after SIGKILL of " + killed + ": "
                    + failover.toMillis() + " ms (check-in " + CHECK_IN.toSeconds() + " s, schedule every "
                    + SCHEDULE.toSeconds() + " s)");
            // Quartz's bound: 2 x check-in + 7.5 s + one schedule period; plus one page and a loaded machine's slack
            assertThat(failover)
                    .isLessThan(CHECK_IN.multipliedBy(2)
                            .plusMillis(7_500)
                            .plus(SCHEDULE)
                            .plusSeconds(10));

            // 2. SIGSTOP the node that took the source over, for longer than 3 check-ins and long enough for the others
            // to declare it dead and take its sources over (2 x check-in + 7.5 s + a schedule period), then SIGCONT
            String frozen = after.node;
            signal(frozen, "STOP");
            Instant stoppedAt = Instant.now();
            Thread.sleep(CHECK_IN.multipliedBy(2)
                    .plusMillis(7_500)
                    .plus(SCHEDULE)
                    .plusSeconds(3)
                    .toMillis());
            signal(frozen, "CONT");
            Instant resumedAt = Instant.now();
            String surviving = nodes.keySet().stream()
                    .filter(n -> !n.equals(killed) && !n.equals(frozen))
                    .findFirst()
                    .orElseThrow();

            // 3. everything arrives
            await().atMost(Duration.ofSeconds(150))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        try {
                            return new HashSet<>(AuditHarness.ids(out)).containsAll(truth);
                        } catch (AssertionError appendInProgress) {
                            // a node is appending to a file right now: its last line is not complete yet
                            return false;
                        }
                    });
            List<String> delivered = AuditHarness.ids(out);
            assertThat(new HashSet<>(delivered)).isEqualTo(truth);
            Map<String, Integer> counts = new HashMap<>();
            delivered.forEach(id -> counts.merge(id, 1, Integer::sum));
            long duplicates = counts.values().stream().filter(c -> c > 1).count();
            System.out.println("CLUSTER-IT " + delivered.size() + " lines, " + truth.size() + " ids, " + duplicates
                    + " duplicated");
            // the file sink on a shared directory drops a replayed page's ids: none twice
            assertThat(duplicates).isZero();

            // 4. no checkpoint ever went backwards, and versions moved by one
            Map<String, List<Row>> history = history(url);
            for (Map.Entry<String, List<Row>> e : history.entrySet()) {
                List<Row> rows = e.getValue();
                for (int i = 1; i < rows.size(); i++) {
                    assertThat(rows.get(i).version).as("source %s", e.getKey()).isEqualTo(rows.get(i - 1).version + 1);
                    assertThat(rows.get(i).watermark)
                            .as("source %s update %d", e.getKey(), i)
                            .isGreaterThanOrEqualTo(rows.get(i - 1).watermark);
                }
            }
            assertThat(history.keySet()).hasSize(1 + ACCOUNTS.length);
            Map<String, Set<String>> committers = new TreeMap<>();
            history.forEach((s, rows) -> rows.forEach(r -> committers
                    .computeIfAbsent(r.node, n -> new java.util.TreeSet<>())
                    .add(s)));
            System.out.println("CLUSTER-IT sources committed per node: " + committers);
            assertThat(committers.keySet())
                    .as("the load spreads over the nodes")
                    .hasSizeGreaterThanOrEqualTo(2);

            // 5. the request log: no two nodes page one source at once, except the frozen node's run, fenced
            List<String> overlaps = overlaps(sim.requests(), frozen, stoppedAt, resumedAt);
            assertThat(overlaps).isEmpty();
            // the frozen node woke up in the middle of the big source's backfill, which another node had taken over:
            // one of the two runs was fenced (the frozen one, or, when the freeze caught it holding the row lock
            // during a flush, the other one, whose commit waited for it)
            long fencedWarnings = 0;
            for (String node : nodes.keySet()) {
                long n = Files.readString(dir.resolve(node + ".log"))
                        .lines()
                        .filter(l -> l.contains(" WARN ") && l.contains("another node (") && l.contains("; stopping"))
                        .count();
                System.out.println(
                        "CLUSTER-IT fenced runs on " + node + (node.equals(frozen) ? " (frozen)" : "") + ": " + n);
                fencedWarnings += n;
            }
            assertThat(fencedWarnings).isGreaterThanOrEqualTo(1);

            // 6. node id in logs, health and metrics of a live node
            String log = Files.readString(dir.resolve(surviving + ".log"));
            assertThat(log.lines().filter(l -> l.contains(" INFO ")).limit(50))
                    .allMatch(l -> !l.contains("RunReport") || l.contains("node=" + surviving));
            Matcher m = HEALTH_PORT.matcher(log);
            assertThat(m.find()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            String health = http.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + m.group(1) + "/observe/health?data=true"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            // which node ran each source last: the node that made the last commit, as the database recorded it
            assertThat(health)
                    .contains("cfaudit-state-store")
                    .contains("\"source.org.last.node\":\"" + row(url, "org").node + "\"");
            // and this node's own view of every source follows what was committed, whichever node ran it
            String port = m.group(1);
            Instant committed = Instant.parse(row(url, "org").watermark);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                JsonNode checks = JSON.readTree(http.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://127.0.0.1:" + port + "/observe/health?data=true"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .path("checks");
                for (JsonNode check : checks) {
                    if (check.path("name").asText().equals("cfaudit-source-org")) {
                        String w = check.path("data").path("watermark").asText();
                        return !w.equals("null") && !Instant.parse(w).isBefore(committed);
                    }
                }
                return false;
            });
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/observe/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).contains("node=\"" + surviving + "\"");
        }
    }

    private static void prepareDatabase(String url) throws SQLException {
        ClusterConfig c = new ClusterConfig(ClusterConfig.Store.JDBC, url, "postgres", null, true, "test", CHECK_IN);
        try (ClusterDatabase db = ClusterDatabase.open(c, 2)) {
            db.migrate();
        }
        try (Connection conn = java.sql.DriverManager.getConnection(url, "postgres", "");
                Statement st = conn.createStatement()) {
            // every update of a checkpoint, as the database saw it
            st.execute("CREATE TABLE checkpoint_history (id BIGSERIAL PRIMARY KEY, source TEXT, version BIGINT, "
                    + "watermark TEXT, node TEXT)");
            st.execute(
                    "CREATE FUNCTION record_checkpoint() RETURNS trigger AS $$ BEGIN "
                            + "IF NEW.watermark IS NOT NULL THEN INSERT INTO checkpoint_history (source, version, watermark, node) "
                            + "VALUES (NEW.source, NEW.version, NEW.watermark, NEW.updated_by); END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
            st.execute("CREATE TRIGGER checkpoint_history AFTER INSERT OR UPDATE ON cfaudit_checkpoint "
                    + "FOR EACH ROW EXECUTE FUNCTION record_checkpoint()");
        }
    }

    private Path config(String baseUrl, String url, String node, Path out) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("cfaudit.api.base-url=")
                .append(baseUrl)
                .append('\n')
                .append("cfaudit.api.token=cluster-token\n")
                .append("cfaudit.api.retry-delay=PT0.2S\n")
                .append("cfaudit.state.store=jdbc\n")
                .append("cfaudit.state.jdbc.url=")
                .append(url)
                .append('\n')
                .append("cfaudit.state.jdbc.username=postgres\n")
                .append("cfaudit.cluster.enabled=true\n")
                .append("cfaudit.cluster.node-id=")
                .append(node)
                .append('\n')
                .append("cfaudit.cluster.check-in-interval=PT")
                .append(CHECK_IN.toSeconds())
                .append("S\n")
                .append("cfaudit.sink.all.type=file\n")
                .append("cfaudit.sink.all.directory=")
                .append(out)
                .append('\n')
                .append("camel.management.port=0\n");
        source(sb, "org", "organization", "organization-id", AuditHarness.ORG);
        for (String account : ACCOUNTS) {
            source(sb, "acc-" + account, "account", "account-id", account);
        }
        Path file = dir.resolve(node + ".properties");
        Files.writeString(file, sb.toString());
        return file;
    }

    private static void source(StringBuilder sb, String name, String type, String idKey, String id) {
        String p = "cfaudit.source." + name + ".";
        sb.append(p)
                .append("type=")
                .append(type)
                .append('\n')
                .append(p)
                .append(idKey)
                .append('=')
                .append(id)
                .append('\n')
                .append(p)
                .append("start=P3D\n")
                // the big source's three days are paged as day slices by parallel chains, on the node that owns it
                .append(p)
                .append("backfill-parallelism=4\n")
                .append(p)
                .append("page-size=")
                .append(PAGE_SIZE)
                .append('\n')
                .append(p)
                .append("schedule=0/")
                .append(SCHEDULE.toSeconds())
                .append(" * * * * ?\n");
    }

    private Process start(String node, Path config) throws IOException {
        return new ProcessBuilder(
                        "java",
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        JAR.toString(),
                        "--config",
                        config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(node + ".log").toFile())
                .start();
    }

    private void signal(String node, String signal) throws Exception {
        // the shell's own kill: SIGSTOP and SIGCONT are beyond Process.destroy
        assertThat(new ProcessBuilder(
                                "sh",
                                "-c",
                                "kill -" + signal + " " + nodes.get(node).pid())
                        .start()
                        .waitFor())
                .isZero();
    }

    record Row(String source, long version, String watermark, String node) {}

    private static Row row(String url, String source) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT source, version, watermark, updated_by FROM cfaudit_checkpoint "
                        + "WHERE watermark IS NOT NULL AND source = '" + source + "'")) {
            return rs.next() ? new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)) : null;
        }
    }

    private static Map<String, List<Row>> history(String url) throws SQLException {
        Map<String, List<Row>> bySource = new TreeMap<>();
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT source, version, watermark, node FROM checkpoint_history ORDER BY id")) {
            while (rs.next()) {
                bySource.computeIfAbsent(rs.getString(1), s -> new ArrayList<>())
                        .add(new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
            }
        }
        return bySource;
    }

    /** A run of one source on one node, as the simulator saw it: from its first page (no cursor) to its last request. */
    record Run(String node, Instant first, Instant last) {}

    /**
     * Pairs of runs of one source by different nodes whose request spans overlap. Allowed: the frozen node's run that
     * was going on when it was stopped beside a run another node started meanwhile, as long as one of them stopped
     * paging soon after the frozen node resumed (fenced at its next commit).
     */
    static List<String> overlaps(List<RecordedRequest> requests, String frozen, Instant stoppedAt, Instant resumedAt) {
        Map<String, List<Run>> runs = new TreeMap<>();
        Map<String, Map<String, Integer>> open = new HashMap<>();
        for (RecordedRequest r : requests) {
            Matcher m = USER_AGENT_NODE.matcher(String.valueOf(r.header("User-Agent")));
            if (!m.find()) {
                continue;
            }
            String node = m.group(1);
            List<Run> list = runs.computeIfAbsent(r.path(), p -> new ArrayList<>());
            Map<String, Integer> current = open.computeIfAbsent(r.path(), p -> new HashMap<>());
            Integer index = current.get(node);
            if (r.param("cursor") == null || index == null) {
                list.add(new Run(node, r.receivedAt(), r.receivedAt()));
                current.put(node, list.size() - 1);
            } else {
                Run run = list.get(index);
                list.set(index, new Run(node, run.first(), r.receivedAt()));
            }
        }
        List<String> problems = new ArrayList<>();
        runs.forEach((path, list) -> {
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Run a = list.get(i);
                    Run b = list.get(j);
                    if (a.node().equals(b.node())
                            || a.last().isBefore(b.first())
                            || b.last().isBefore(a.first())) {
                        continue;
                    }
                    Run frozenRun = a.node().equals(frozen) ? a : b.node().equals(frozen) ? b : null;
                    Run other = frozenRun == a ? b : a;
                    // the frozen node's run from before the freeze, beside a run started while it was frozen; one of
                    // the two stopped (fenced) soon after the frozen node resumed
                    boolean fencedOverlap = frozenRun != null
                            && frozenRun.first().isBefore(stoppedAt)
                            && other.first().isAfter(stoppedAt)
                            && (frozenRun.last().isBefore(resumedAt.plusSeconds(15))
                                    || other.last().isBefore(resumedAt.plusSeconds(15)));
                    // a parallel backfill's chains on the frozen node start their next slices (each a first page)
                    // when it resumes, until the run's next commit is fenced: reads of the fenced run, ended soon
                    boolean fencedSlices = frozenRun != null
                            && !frozenRun.first().isBefore(resumedAt)
                            && frozenRun.last().isBefore(resumedAt.plusSeconds(15))
                            && other.first().isAfter(stoppedAt);
                    fencedOverlap |= fencedSlices;
                    if (!fencedOverlap) {
                        problems.add(path + ": " + a + " overlaps " + b);
                    }
                }
            }
        });
        return problems;
    }
}
