package io.github.cfaudit.securitylake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.formats.LakeTestEntries;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.OcsfVersion;
import io.github.cfaudit.sink.s3.S3ObjectEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Parquet objects read back by a reader that shares nothing with the writer (DuckDB's own Parquet reader, in C++):
 * every entry's row is the OCSF record the {@code ocsf} codec writes as JSON, attribute for attribute, with the column
 * types of the schema, and it validates against the OCSF definitions of its version.
 */
class OcsfParquetEncoderTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    static SourceConfig source(SourceType type) {
        AuditEndpoint endpoint = switch (type) {
            case ORGANIZATION -> AuditEndpoint.organization("3f2b9c5e8d7a4e1f9a6b2c3d4e5f6a7b");
            case ACCOUNT -> AuditEndpoint.account("4bb334f7c94c4a29a045f03944f072e5");
            case INSIGHT -> AuditEndpoint.insight("accounts", "4bb334f7c94c4a29a045f03944f072e5", null);
            case ACCOUNT_V1 -> AuditEndpoint.accountV1("4bb334f7c94c4a29a045f03944f072e5");
            case USER_V1 -> AuditEndpoint.userV1();
        };
        return new SourceConfig(
                "acme",
                endpoint,
                "0 * * * * ?",
                new StartPosition.Ago(Duration.ofDays(1)),
                1000,
                Duration.ZERO,
                Duration.ZERO,
                10,
                Map.of());
    }

    /** Counts what the encoder reports. */
    static final class Counting implements S3ObjectEncoder.ShapeReport {
        final AtomicInteger rendered = new AtomicInteger();
        final AtomicInteger unrendered = new AtomicInteger();

        @Override
        public void rendering(AuditEntry entry) {
            rendered.incrementAndGet();
        }

        @Override
        public void unrendered(AuditEntry entry, RuntimeException failure) {
            unrendered.incrementAndGet();
        }
    }

    @ParameterizedTest
    @EnumSource(SourceType.class)
    void everyRowReadsBackAsTheOcsfRecordOfItsEntry(SourceType type) throws Exception {
        List<AuditEntry> entries = LakeTestEntries.of(type, 40);
        for (OcsfVersion version : OcsfVersion.values()) {
            OcsfFormat format = new OcsfFormat(version, true);
            Counting report = new Counting();
            byte[] object = new OcsfParquetEncoder().encode(entries, source(type), format, report);
            assertThat(report.rendered).hasValue(entries.size());
            assertThat(report.unrendered).hasValue(0);
            // the same entries, the same bytes: a replayed page overwrites with identical content
            assertThat(new OcsfParquetEncoder().encode(entries, source(type), format, new Counting()))
                    .isEqualTo(object);

            Path file = dir.resolve(type.configName() + "-" + version.id() + ".parquet");
            Files.write(file, object);
            List<JsonNode> rows = rows(file);
            assertThat(rows).hasSize(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                AuditEntry entry = entries.get(i);
                JsonNode expected = MAPPER.readTree(format.render(entry, type));
                JsonNode row = rows.get(i);
                assertThat(row.path("metadata").path("uid").asText())
                        .as("the entry id")
                        .isEqualTo(expected.path("metadata").path("uid").asText());
                assertThat(row)
                        .as("row %d of %s %s: entry %s", i, type, version, entry.id())
                        .isEqualTo(expected);
                assertThat(LakeTestEntries.ocsfProblems(row))
                        .as("OCSF %s problems of entry %s", version, entry.id())
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = SourceType.class,
            names = {"ACCOUNT", "INSIGHT"})
    void columnsHaveTheTypesOfTheSchemaAndPagesAreZstd(SourceType type) throws Exception {
        List<AuditEntry> entries = LakeTestEntries.of(type, 5);
        byte[] object = new OcsfParquetEncoder()
                .encode(entries, source(type), new OcsfFormat(OcsfVersion.V1_1_0, false), new Counting());
        Path file = dir.resolve("types.parquet");
        Files.write(file, object);
        Map<String, String> types = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
                while (r.next()) {
                    types.put(r.getString("column_name"), r.getString("column_type"));
                }
            }
            assertThat(types.get("time")).isEqualTo("TIMESTAMP WITH TIME ZONE");
            assertThat(types.get("activity_id")).isEqualTo("INTEGER");
            assertThat(types.get("class_uid")).isEqualTo("INTEGER");
            assertThat(types.get("type_uid")).isEqualTo("BIGINT");
            assertThat(types.get("unmapped")).isEqualTo("VARCHAR");
            assertThat(types.get("metadata")).startsWith("STRUCT(\"version\" VARCHAR");
            if (type == SourceType.ACCOUNT) {
                assertThat(types.get("resources")).startsWith("STRUCT(").endsWith("[]");
                assertThat(types).doesNotContainKey("http_response");
            } else {
                assertThat(types.get("entity")).contains("\"data\" VARCHAR");
            }
            List<String> codecs = new ArrayList<>();
            try (ResultSet r =
                    s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + file + "') ORDER BY 1")) {
                while (r.next()) {
                    codecs.add(r.getString(1));
                }
            }
            assertThat(codecs).containsExactly("ZSTD");
            try (ResultSet r = s.executeQuery(
                    "SELECT count(*), min(class_uid), max(class_uid) FROM read_parquet('" + file + "')")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(entries.size());
                assertThat(r.getInt(2)).isEqualTo(r.getInt(3)).isEqualTo(OcsfFormat.classUid(type));
            }
        }
    }

    /**
     * Every row of {@code file} as DuckDB reads it, as JSON: {@code time} back to epoch milliseconds, the JSON text
     * columns parsed, null attributes (columns the record did not have) removed.
     */
    static List<JsonNode> rows(Path file) throws SQLException, java.io.IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT to_json(t) FROM (SELECT * REPLACE (epoch_ms(time) AS time) "
                        + "FROM read_parquet('" + file + "', file_row_number = true) ORDER BY file_row_number) t")) {
            while (r.next()) {
                ObjectNode row = (ObjectNode) MAPPER.readTree(r.getString(1));
                row.remove("file_row_number");
                dropNulls(row);
                for (String path : OcsfParquetSchema.JSON_COLUMNS) {
                    String[] p = path.split("\\.");
                    JsonNode parent = p.length == 1 ? row : row.get(p[0]);
                    if (parent instanceof ObjectNode o && o.get(p[p.length - 1]) != null) {
                        o.set(
                                p[p.length - 1],
                                MAPPER.readTree(o.get(p[p.length - 1]).textValue()));
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    dropNulls(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(OcsfParquetEncoderTest::dropNulls);
        }
    }
}
