package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The formats module's own validators (its test-jar), for the sink tests: whether a line a sink wrote is a valid
 * record of a codec, and the id it carries. OCSF against the definitions of the version the record declares, ECS
 * against its field list, CEF and LEEF with the strict parsers written from their specifications.
 */
public final class RecordChecks {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordChecks() {}

    /** The problems of {@code line} as a record of {@code codec}; empty when it is one. */
    public static List<String> problems(String codec, String line) {
        try {
            return switch (codec) {
                case "cloudflare" -> MAPPER.readTree(line).isObject() ? List.of() : List.of("not a JSON object");
                case "ocsf" -> OcsfValidator.validate(MAPPER.readTree(line));
                case "ecs" -> EcsValidator.validate(MAPPER.readTree(line));
                case "cef" -> {
                    CefParser.parse(line);
                    yield List.of();
                }
                case "leef" -> {
                    LeefParser.parse(line);
                    yield List.of();
                }
                default -> List.of("unknown codec " + codec);
            };
        } catch (IOException | RuntimeException e) {
            return List.of(codec + ": " + e);
        }
    }

    /** The Cloudflare entry id in a record of {@code codec}, as the format's parser reads it. */
    public static String id(String codec, String line) throws IOException {
        return switch (codec) {
            case "ocsf" -> MAPPER.readTree(line).path("metadata").path("uid").asText();
            case "ecs" -> MAPPER.readTree(line).path("event").path("id").asText();
            case "cef" -> CefParser.parse(line).extension().get("externalId");
            case "leef" -> LeefParser.parse(line).attributes().get("externalId");
            default -> MAPPER.readTree(line).path("id").asText();
        };
    }

    /** The simulator's hostile audit-log entries and the formats tests' hostile insight changes. */
    public static List<AuditEntry> hostile(SourceType type) {
        return new ArrayList<>(type == SourceType.INSIGHT ? TestEntries.hostileInsight() : TestEntries.hostileAudit());
    }

    /** {@code n} realistic entries of {@code type}. */
    public static List<AuditEntry> realistic(SourceType type, int n) {
        return TestEntries.synthetic(n).get(type);
    }
}
