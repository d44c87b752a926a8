package io.github.cfaudit.sink.s3;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.sink.s3.S3ProxyServer.StoredObject;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code codec=ocsf-parquet} through the real routes to a real S3 protocol server (s3proxy), on the application's
 * class path (no Hadoop): the Amazon Security Lake custom-source layout, one object per page and event day, every
 * entry back exactly once as read by DuckDB, and a replayed page overwriting its objects with identical bytes.
 */
class S3SecurityLakeIT {
    static final String BUCKET = "aws-security-data-lake";
    static final Pattern KEY = Pattern.compile("lake/ext/cloudflare-audit/region=us-east-1/accountId=123456789012/"
            + "eventDay=(\\d{8})/acct_(\\d{8}T\\d{6}\\.\\d{3}Z)_([0-9a-f]{16})(\\.part-\\d{4})?\\.parquet");
    static final DateTimeFormatter DAY_NAME = DateTimeFormatter.BASIC_ISO_DATE;
    static final ObjectMapper JSON = new ObjectMapper();

    @Harness
    AuditHarness h;

    @S3Server(bucket = BUCKET)
    S3ProxyServer s3;

    @BeforeEach
    void setUp() {
        h.clock.set(DAY.plus(Duration.ofDays(2)));
        h.source("acct", "account", "account-id", ACCOUNT).set("cfaudit.source.acct.page-size", "250");
        s3.sinkProperties("lake", BUCKET).forEach(h::set);
        h.set("cfaudit.sink.lake.prefix", "lake/");
        h.set("cfaudit.sink.lake.codec", "ocsf-parquet");
        h.set("cfaudit.sink.lake.security-lake.source", "cloudflare-audit");
        h.set("cfaudit.sink.lake.security-lake.account-id", "123456789012");
    }

    @Test
    void pagesBecomeParquetObjectsPerEventDayAndAReplayOverwritesThem() {
        // 600 entries 48 s apart from 20:00, across midnight: 3 pages, the second on both days
        Map<String, String> served = TestEntries.account(
                h.sim, ACCOUNT, 600, DAY.plus(Duration.ofHours(20)), DAY.plus(Duration.ofHours(28)));

        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);

        Map<String, StoredObject> objects = s3.readAllBinary(BUCKET, "");
        assertThat(objects).hasSize(4);
        List<String> ids = new ArrayList<>();
        Map<String, Integer> perDay = new TreeMap<>();
        for (StoredObject o : objects.values()) {
            Matcher m = KEY.matcher(o.key());
            assertThat(m.matches()).as(o.key()).isTrue();
            assertThat(o.response().contentType()).isEqualTo("application/vnd.apache.parquet");
            assertThat(o.response().contentEncoding()).isNull();
            List<JsonNode> rows = rows(o.raw());
            perDay.merge(m.group(1), rows.size(), Integer::sum);
            // named after its first entry
            assertThat(m.group(2))
                    .isEqualTo(S3ObjectKeys.time(
                            Instant.ofEpochMilli(rows.get(0).path("time").asLong())));
            assertThat(m.group(3))
                    .isEqualTo(S3ObjectKeys.hash(
                            rows.get(0).path("metadata").path("uid").asText()));
            for (JsonNode row : rows) {
                LocalDate day = LocalDate.ofInstant(
                        Instant.ofEpochMilli(row.path("time").asLong()), ZoneOffset.UTC);
                assertThat(day.format(DAY_NAME)).as("eventDay of the row").isEqualTo(m.group(1));
                assertThat(row.path("class_uid").asInt()).isEqualTo(6003);
                assertThat(row.path("metadata").path("version").asText()).isEqualTo("1.1.0");
                ids.add(row.path("metadata").path("uid").asText());
            }
        }
        assertThat(ids).as("every entry exactly once, in event order").containsExactlyElementsOf(served.keySet());
        assertThat(perDay).containsOnlyKeys("20261120", "20261121");
        assertThat(perDay.get("20261120")).isEqualTo(300);

        // a crash before the checkpoint commit: the pages are delivered again, and land on the same keys
        Map<String, String> etags = new TreeMap<>();
        objects.forEach((k, o) -> etags.put(k, o.response().eTag()));
        deleteCheckpoints();
        assertThat(h.runOnceSingle().delivered()).isEqualTo(600);
        Map<String, String> again = new TreeMap<>();
        s3.readAllBinary(BUCKET, "").forEach((k, o) -> again.put(k, o.response().eTag()));
        assertThat(again).as("same keys, identical bytes").isEqualTo(etags);
    }

    @Test
    void objectLimitsSplitAPageIntoNumberedParts() {
        Map<String, String> served =
                TestEntries.account(h.sim, ACCOUNT, 200, DAY.plus(Duration.ofHours(1)), DAY.plus(Duration.ofHours(2)));
        h.set("cfaudit.sink.lake.max-object-records", "60");

        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);

        Map<String, StoredObject> objects = s3.readAllBinary(BUCKET, "");
        assertThat(objects.keySet()).allMatch(k -> KEY.matcher(k).matches()).anyMatch(k -> k.contains(".part-0003."));
        List<String> ids = new ArrayList<>();
        for (StoredObject o : objects.values()) {
            List<JsonNode> rows = rows(o.raw());
            assertThat(rows).hasSizeLessThanOrEqualTo(60);
            rows.forEach(r -> ids.add(r.path("metadata").path("uid").asText()));
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(served.keySet());
    }

    private void deleteCheckpoints() {
        try (var files = Files.list(h.dir.resolve("state"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a Parquet object as DuckDB reads them, in file order, {@code time} as epoch milliseconds. */
    private List<JsonNode> rows(byte[] object) {
        try {
            Path file = Files.createTempFile(h.dir, "object", ".parquet");
            Files.write(file, object);
            List<JsonNode> rows = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(
                            "SELECT to_json(t) FROM (SELECT * REPLACE (epoch_ms(time) AS time) " + "FROM read_parquet('"
                                    + file + "', file_row_number = true) ORDER BY file_row_number) t")) {
                while (r.next()) {
                    rows.add(JSON.readTree(r.getString(1)));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
