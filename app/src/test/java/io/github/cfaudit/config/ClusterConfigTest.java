package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.testing.MinimalConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cfaudit.state.store}, {@code cfaudit.state.jdbc.*} and {@code cfaudit.cluster.*}. */
class ClusterConfigTest {

    private static Map<String, String> valid() {
        return MinimalConfig.properties("acme", "all");
    }

    private static Map<String, String> jdbc() {
        Map<String, String> p = valid();
        p.put("cfaudit.state.store", "jdbc");
        p.put("cfaudit.state.jdbc.url", "jdbc:postgresql://db:5432/cfaudit");
        p.put("cfaudit.state.jdbc.username", "cfaudit");
        p.put("cfaudit.state.jdbc.password", "s3cret-pw");
        return p;
    }

    private static ClusterConfig parse(Map<String, String> p) {
        return AuditConfigParser.parse(p, Map.of()).cluster();
    }

    @Test
    void defaultsToFilesOnOneNode() {
        ClusterConfig c = parse(valid());
        assertThat(c.store()).isEqualTo(ClusterConfig.Store.FILE);
        assertThat(c.enabled()).isFalse();
        assertThat(c.checkInInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.nodeId()).matches("[A-Za-z0-9._-]+-\\d+");
    }

    @Test
    void readsTheDatabaseAndClusterKeys() {
        Map<String, String> p = jdbc();
        p.put("cfaudit.cluster.enabled", "true");
        p.put("cfaudit.cluster.node-id", "node-a");
        p.put("cfaudit.cluster.check-in-interval", "PT2S");
        ClusterConfig c = parse(p);
        assertThat(c.jdbc()).isTrue();
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/cfaudit");
        assertThat(c.username()).isEqualTo("cfaudit");
        assertThat(c.password().reveal()).isEqualTo("s3cret-pw");
        assertThat(c.enabled()).isTrue();
        assertThat(c.nodeId()).isEqualTo("node-a");
        assertThat(c.checkInInterval()).isEqualTo(Duration.ofSeconds(2));
        // the password never shows in the config's text
        assertThat(c.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void aDatabaseStoreWithoutClusterIsOneNode() {
        ClusterConfig c = parse(jdbc());
        assertThat(c.jdbc()).isTrue();
        assertThat(c.enabled()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "cfaudit.state.store|s3|cfaudit.state.store: 's3' is not valid; valid: one of",
                "cfaudit.cluster.enabled|true|cfaudit.cluster.enabled: requires cfaudit.state.store=jdbc",
                "cfaudit.state.jdbc.url|jdbc:postgresql://db/x|cfaudit.state.jdbc.url: is only used with cfaudit.state.store=jdbc",
                "cfaudit.cluster.node-id|node a|cfaudit.cluster.node-id: 'node a' is not valid",
                "cfaudit.cluster.check-in-interval|PT0.5S|cfaudit.cluster.check-in-interval: PT0.5S is too short",
                "cfaudit.cluster.leader|x|cfaudit.cluster.leader: is not a known option",
            })
    void rejectsBadValuesNamingTheKey(String key, String value, String message) {
        Map<String, String> p = valid();
        p.put(key, value);
        assertThatThrownBy(() -> parse(p)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void aDatabaseStoreNeedsAPostgresqlUrlWithoutPassword() {
        Map<String, String> p = jdbc();
        p.remove("cfaudit.state.jdbc.url");
        assertThatThrownBy(() -> parse(p)).hasMessageContaining("cfaudit.state.jdbc.url: is required");
        p.put("cfaudit.state.jdbc.url", "jdbc:mysql://db/x");
        assertThatThrownBy(() -> parse(p)).hasMessageContaining("is not a PostgreSQL JDBC URL");
        p.put("cfaudit.state.jdbc.url", "jdbc:postgresql://db/x?password=hunter2");
        assertThatThrownBy(() -> parse(p))
                .hasMessageContaining("holds a password")
                .hasMessageNotContaining("hunter2");
    }
}
