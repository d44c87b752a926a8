package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.cfaudit.sink.endpoint.EndpointSinkOptions;
import io.github.cfaudit.sink.file.FileSinkOptions;
import io.github.cfaudit.sink.s3.S3SinkOptions;
import io.github.cfaudit.sink.syslog.SyslogSinkOptions;
import io.github.cfaudit.testing.MinimalConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The declarations, the parser and the documentation agree: no key documented but unknown, none read but undocumented. */
class OptionCatalogTest {
    /** A configuration in which the keys of one group are read: the group id to its minimal keys. */
    private static final Map<String, Map<String, String>> BASE = Map.ofEntries(
            Map.entry(
                    "organization",
                    Map.of(
                            "cfaudit.source.s.type",
                            "organization",
                            "cfaudit.source.s.organization-id",
                            "a67e14daa5f8dceeb91fe5449ba496ef")),
            Map.entry(
                    "insight",
                    Map.of(
                            "cfaudit.source.s.type",
                            "insight",
                            "cfaudit.source.s.zone-id",
                            "9a7806061c88ada191ed06f989cc3dac")),
            Map.entry("file", Map.of("cfaudit.sink.k.type", "file", "cfaudit.sink.k.directory", "/tmp/out")),
            Map.entry("endpoint", Map.of("cfaudit.sink.k.type", "endpoint", "cfaudit.sink.k.uri", "direct:x")),
            Map.entry("s3", Map.of("cfaudit.sink.k.type", "s3", "cfaudit.sink.k.bucket", "audit-archive")),
            Map.entry("syslog", Map.of("cfaudit.sink.k.type", "syslog", "cfaudit.sink.k.host", "localhost")),
            Map.entry(
                    "connection",
                    Map.of("cfaudit.connection.c.token", "other-token", "cfaudit.source.s.connection", "c")));

    private static Map<String, String> minimal() {
        return MinimalConfig.properties("s", "k");
    }

    @Test
    void everyDocumentedKeyIsKnownToTheParser() {
        int checked = 0;
        for (OptionGroup g : OptionCatalog.groups()) {
            for (Option<?> o : g.options()) {
                List<String> names = new ArrayList<>(List.of(o.multiKey() ? o.name() + ".action_type" : o.name()));
                if (o.secret()) {
                    names.add(o.name() + "-file");
                }
                for (String name : names) {
                    String key = g.prefix()
                                    .replace(
                                            "<name>",
                                            g.prefix().contains("connection")
                                                    ? "c"
                                                    : g.prefix().contains("source") ? "s" : "k")
                            + name;
                    Map<String, String> p = minimal();
                    if (g.id().equals("organization") || g.id().equals("insight")) {
                        p.remove("cfaudit.source.s.account-id");
                    }
                    if (List.of("endpoint", "s3", "syslog").contains(g.id())) {
                        p.remove("cfaudit.sink.k.directory");
                    }
                    p.putAll(BASE.getOrDefault(g.id(), Map.of()));
                    if (!p.containsKey(key)) {
                        p.put(key, "x");
                    }
                    try {
                        AuditConfigParser.parse(p, Map.of());
                    } catch (ConfigException e) {
                        assertThat(e.getMessage()).as(key).doesNotContain("is not a known option");
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    @Test
    void everyDeclaredOptionIsDocumentedInSomeGroup() throws Exception {
        Set<String> documented = new HashSet<>();
        for (OptionGroup g : OptionCatalog.groups()) {
            g.options().forEach(o -> documented.add(g.id() + ":" + o.name()));
        }
        Set<String> names = new HashSet<>();
        documented.forEach(d -> names.add(d.substring(d.indexOf(':') + 1)));
        for (Class<?> c : List.of(
                ConnectionOptions.class,
                GlobalOptions.class,
                SourceOptions.class,
                SinkOptions.class,
                FileSinkOptions.class,
                EndpointSinkOptions.class,
                S3SinkOptions.class,
                SyslogSinkOptions.class)) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Option.class) {
                    f.setAccessible(true);
                    Option<?> o = (Option<?>) f.get(null);
                    if (!names.contains(o.name())) {
                        fail(c.getSimpleName() + "." + f.getName() + " (" + o.name() + ") is in no OptionGroup");
                    }
                }
            }
        }
    }

    @Test
    void anOptionWithoutDescriptionCannotBeDeclared() {
        assertThatThrownBy(() -> Option.string("colour", null, "", " "))
                .hasMessageContaining("option colour has no description");
    }

    @Test
    void aChoiceParsedWithOtherValuesThanDeclaredIsAProgrammingError() {
        Option<String> o = Option.choice("mode", "a", List.of("a", "b"), "a mode");
        ConfigProperties p = ConfigProperties.of(Map.of());
        assertThatThrownBy(() -> p.choice(o, Map.of("a", 1, "c", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declares [a, b]");
        assertThat(p.choice(o, Map.of("a", 1, "b", 2))).isEqualTo(1);
    }

    @Test
    void anUnknownKeyListsTheKeysValidForItsSinkType() {
        Map<String, String> p = minimal();
        p.put("cfaudit.sink.k.directroy", "/tmp");
        assertThatThrownBy(() -> AuditConfigParser.parse(p, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.sink.k.directroy: is not a known option; valid for a sink: type, "
                        + "when, codec, ocsf-version, ocsf-raw-data, ecs-event-original, directory, "
                        + "manifest.signing-key, manifest.interval; see docs/configuration.md");
        Map<String, String> q = minimal();
        q.put("cfaudit.source.s.zone", "z");
        assertThatThrownBy(() -> AuditConfigParser.parse(q, Map.of()))
                .hasMessageContaining("account-id")
                .hasMessageContaining("push-down");
        Map<String, String> r = minimal();
        r.put("cfaudit.cluster.node", "a");
        assertThatThrownBy(() -> AuditConfigParser.parse(r, Map.of()))
                .hasMessageStartingWith("cfaudit.cluster.node: "
                        + "is not a known option; valid for cfaudit.cluster.*: enabled, node-id, check-in-interval");
    }

    @Test
    void describeKnowsEverySourceAndSinkType() {
        assertThat(OptionCatalog.types().keySet())
                .containsExactly(
                        "organization",
                        "account",
                        "insight",
                        "account-v1",
                        "user-v1",
                        "file",
                        "endpoint",
                        "s3",
                        "syslog");
        assertThat(OptionCatalog.describe("S3").orElseThrow())
                .extracting(OptionGroup::id)
                .containsExactly("sink", "s3");
        assertThat(OptionCatalog.describe("cluster").orElseThrow())
                .extracting(OptionGroup::id)
                .containsExactly("cluster");
        assertThat(OptionCatalog.describe("nope")).isEmpty();
    }
}
