package io.github.cfaudit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.simulator.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Holds a request to the audit logs v1 fragment (src/test/resources/cloudflare-api/v1-audit-logs.openapi.json, a copy
 * of shared/cloudflare-api/): the path is one of its operations, every query key is a parameter that operation
 * declares, sent once, and every value is of the declared schema (type, format, enum, minimum, maximum; for
 * {@code since}/{@code before} one of the {@code oneOf} date or date-time forms).
 */
public final class V1Fragment {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.][^@\\s]*");
    private static final JsonNode DOC = read();

    private V1Fragment() {}

    /** The operation of {@code /accounts/{account_id}/audit_logs} or {@code /user/audit_logs}. */
    private static JsonNode operation(String path) {
        String api = path.replaceFirst("^/client/v4", "");
        if (api.equals("/user/audit_logs")) {
            return DOC.get("paths").get("/user/audit_logs").get("get");
        }
        assertThat(api).as("a v1 path").matches("/accounts/[A-Za-z0-9_-]+/audit_logs");
        return DOC.get("paths").get("/accounts/{account_id}/audit_logs").get("get");
    }

    public static void assertConforms(RecordedRequest r) {
        assertThat(r.method()).isEqualTo("GET");
        JsonNode op = operation(r.path());
        for (Map.Entry<String, List<String>> e : r.queryParams().entrySet()) {
            JsonNode parameter = null;
            for (JsonNode p : op.get("parameters")) {
                if (p.get("in").asText().equals("query")
                        && p.get("name").asText().equals(e.getKey())) {
                    parameter = p;
                }
            }
            assertThat(parameter)
                    .as("'" + e.getKey() + "' is a declared query parameter of " + r.path())
                    .isNotNull();
            assertThat(e.getValue()).as("'" + e.getKey() + "' is sent once").hasSize(1);
            String value = e.getValue().get(0);
            JsonNode schema = parameter.get("schema");
            if (schema.has("oneOf")) {
                boolean any = false;
                for (JsonNode alternative : schema.get("oneOf")) {
                    any |= valid(alternative, value);
                }
                assertThat(any)
                        .as(e.getKey() + "=" + value + " is one of its oneOf forms")
                        .isTrue();
            } else {
                assertThat(valid(schema, value))
                        .as(e.getKey() + "=" + value + " fits " + schema)
                        .isTrue();
            }
        }
    }

    private static boolean valid(JsonNode schema, String value) {
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode v : schema.get("enum")) {
                listed |= v.asText().equals(value);
            }
            if (!listed) {
                return false;
            }
        }
        switch (schema.get("type").asText()) {
            case "number", "integer" -> {
                double n;
                try {
                    n = Double.parseDouble(value);
                } catch (NumberFormatException ex) {
                    return false;
                }
                return (!schema.has("minimum") || n >= schema.get("minimum").asDouble())
                        && (!schema.has("maximum") || n <= schema.get("maximum").asDouble());
            }
            case "boolean" -> {
                return value.equals("true") || value.equals("false");
            }
            default -> {
                return switch (schema.path("format").asText()) {
                    case "email" -> EMAIL.matcher(value).matches();
                    case "date" -> parses(() -> LocalDate.parse(value));
                    case "date-time" -> parses(() -> OffsetDateTime.parse(value));
                    default -> true;
                };
            }
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode read() {
        try (InputStream in = V1Fragment.class.getResourceAsStream("/cloudflare-api/v1-audit-logs.openapi.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
