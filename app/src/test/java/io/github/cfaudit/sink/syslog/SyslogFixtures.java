package io.github.cfaudit.sink.syslog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.SourceConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entries, sources and settings for the unit tests, built the way the real pipeline builds them. */
final class SyslogFixtures {
    static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build());

    private SyslogFixtures() {}

    /** An audit-log v2 entry from its JSON text (compact, as the page parser hands it on). */
    @SuppressWarnings("unchecked")
    static AuditEntry entry(String json) {
        try {
            Map<String, Object> fields = MAPPER.readValue(json, LinkedHashMap.class);
            Map<String, Object> action = (Map<String, Object>) fields.get("action");
            Instant time = action != null && action.get("time") != null
                    ? OffsetDateTime.parse((String) action.get("time")).toInstant()
                    : OffsetDateTime.parse((String) fields.getOrDefault("changed_at", fields.get("when")))
                            .toInstant();
            return new AuditEntry((String) fields.get("id"), time, json, fields);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String auditJson(String id, String time, String type, String result) {
        return "{\"id\":\"" + id + "\",\"action\":{\"description\":\"Update DNS Record\",\"result\":\"" + result
                + "\",\"time\":\"" + time + "\",\"type\":\"" + type
                + "\"},\"actor\":{\"email\":\"alice@example.com\"}}";
    }

    static SourceConfig source(String name, String type) {
        Map<String, String> p = new HashMap<>();
        p.put("cfaudit.api.token", "t");
        p.put("cfaudit.source." + name + ".type", type);
        p.put("cfaudit.source." + name + (type.equals("organization") ? ".organization-id" : ".account-id"), ACCOUNT);
        p.put("cfaudit.sink.f.type", "file");
        p.put("cfaudit.sink.f.directory", "/tmp/unused");
        return AuditConfigParser.parse(p, Map.of()).sources().get(0);
    }

    /** Parses {@code cfaudit.sink.s.*} = the given options (keys without the prefix) plus host. */
    static SyslogSinkSettings settings(Map<String, String> options) {
        Map<String, String> p = new HashMap<>();
        p.put("cfaudit.sink.s.host", "127.0.0.1");
        options.forEach((k, v) -> p.put("cfaudit.sink.s." + k, v));
        return (SyslogSinkSettings)
                new SyslogSinkType().parse(ConfigProperties.of(p).section("cfaudit.sink.s"));
    }
}
