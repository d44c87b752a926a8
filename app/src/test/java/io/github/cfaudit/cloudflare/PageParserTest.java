package io.github.cfaudit.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PageParserTest {
    private static final String REQ = "GET /accounts/x/logs/audit";
    private final PageParser v2 = new PageParser(EndpointFamily.AUDIT_LOGS_V2);
    private final PageParser insights = new PageParser(EndpointFamily.INSIGHT_AUDIT_LOG);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String E1 =
            "{\"id\":\"e1\",\"action\":{\"time\":\"2026-11-20T10:00:00Z\",\"type\":\"create\"},\"note\":\"a \\\"quoted\\\" ] \\\\ \\u2028 ünï\"}";

    @Test
    void keepsEachEntryExactlyAsSent() {
        AuditPage page = v2.parse(
                200,
                b("{\"success\":true,\"errors\":[],\"result\":[" + E1
                        + "],\"result_info\":{\"count\":\"1\",\"cursor\":\"c2\"}}"),
                REQ);
        assertThat(page.entries()).hasSize(1);
        AuditEntry e = page.entries().get(0);
        assertThat(e.json()).isEqualTo(E1);
        assertThat(e.id()).isEqualTo("e1");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(e.text("action", "type")).isEqualTo("create");
        assertThat(e.get("action")).isInstanceOf(java.util.Map.class);
        assertThat(page.nextCursor()).isEqualTo("c2");
    }

    @Test
    void readsTheCursorFromEitherPlace() {
        assertThat(v2.parse(
                                200,
                                b("{\"success\":true,\"result\":[" + E1
                                        + "],\"result_info\":{\"cursors\":{\"after\":\"A\"}}}"),
                                REQ)
                        .nextCursor())
                .isEqualTo("A");
        assertThat(v2.parse(
                                200,
                                b(
                                        "{\"result_info\":{\"cursor\":\"C\",\"cursors\":{\"after\":\"A\"}},\"success\":true,\"result\":[]}"),
                                REQ)
                        .nextCursor())
                .isEqualTo("C");
        assertThat(v2.parse(200, b("{\"success\":true,\"result\":[" + E1 + "],\"result_info\":{\"cursor\":\"\"}}"), REQ)
                        .nextCursor())
                .isNull();
        assertThat(v2.parse(200, b("{\"success\":true,\"result\":[" + E1 + "],\"result_info\":{\"count\":\"1\"}}"), REQ)
                        .nextCursor())
                .isNull();
    }

    @Test
    void prettyPrintedEntriesBecomeOneLine() {
        String pretty =
                "{\n  \"success\": true,\n  \"result\": [\n    {\n      \"id\": \"e1\",\n      \"action\": { \"time\": \"2026-11-20T10:00:00Z\" },\n      \"text\": \"keep  these  spaces\"\n    }\n  ]\n}";
        AuditEntry e = v2.parse(200, b(pretty), REQ).entries().get(0);
        assertThat(e.json())
                .isEqualTo(
                        "{\"id\":\"e1\",\"action\":{\"time\":\"2026-11-20T10:00:00Z\"},\"text\":\"keep  these  spaces\"}");
    }

    @Test
    void anEntryOnOneLineIsKeptAsSentEvenWithSpacesBetweenTokens() {
        String spaced = "{\"id\": \"e1\", \"action\": {\"time\": \"2026-11-20T10:00:00Z\"}}";
        AuditEntry e = v2.parse(200, b("{\"success\":true,\"result\":[" + spaced + "]}"), REQ)
                .entries()
                .get(0);
        assertThat(e.json()).isEqualTo(spaced);
    }

    @Test
    void aCarriageReturnBetweenTokensAlsoMakesTheEntryCompacted() {
        String entry = "{\"id\":\"e1\",\r\n\t\"action\":{\"time\":\"2026-11-20T10:00:00Z\"}, \"s\":\"a b\"}";
        AuditEntry e = v2.parse(200, b("{\"success\":true,\"result\":[" + entry + "]}"), REQ)
                .entries()
                .get(0);
        assertThat(e.json()).isEqualTo("{\"id\":\"e1\",\"action\":{\"time\":\"2026-11-20T10:00:00Z\"},\"s\":\"a b\"}");
        String loneCr = "{\"id\":\"e2\",\"action\":{\"time\":\"2026-11-20T10:00:00Z\"\r}}";
        AuditEntry e2 = v2.parse(200, b("{\"success\":true,\"result\":[" + loneCr + "]}"), REQ)
                .entries()
                .get(0);
        assertThat(e2.json()).isEqualTo("{\"id\":\"e2\",\"action\":{\"time\":\"2026-11-20T10:00:00Z\"}}");
    }

    @Test
    void entriesReadFromAPageGiveTheSameBytesEveryWay() {
        AuditPage page =
                v2.parse(200, b("{\"success\":true,\"result\":[" + E1 + "," + E1.replace("e1", "e2") + "]}"), REQ);
        for (AuditEntry e : page.entries()) {
            byte[] expected = b(e.id().equals("e1") ? E1 : E1.replace("e1", "e2"));
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(expected.length);
            e.writeJson(buf);
            assertThat(buf.array()).isEqualTo(expected);
            assertThat(e.jsonLength()).isEqualTo(expected.length);
            assertThat(e.jsonBytes()).isEqualTo(expected);
            assertThat(e.json()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
        assertThat(page.entries().get(1).text("note"))
                .isEqualTo(page.entries().get(0).text("note"));
    }

    @Test
    void insightEntriesUseChangedAt() {
        String entry =
                "{\"id\":\"019b0000-0000-7000-8000-000000000001\",\"changed_at\":\"2026-11-20T10:00:00.123+02:00\",\"field_changed\":\"status\"}";
        AuditEntry e = insights.parse(
                        200,
                        b("{\"success\":true,\"result\":[" + entry
                                + "],\"result_info\":{\"count\":1,\"per_page\":25}}"),
                        REQ)
                .entries()
                .get(0);
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-20T08:00:00.123Z"));
    }

    @Test
    void entriesWithoutIdOrTimeAreSkippedAndReported() {
        AuditPage page = v2.parse(
                200,
                b("{\"success\":true,\"result\":[{\"action\":{\"time\":\"2026-11-20T10:00:00Z\"}},"
                        + "{\"id\":\"e2\",\"action\":{\"time\":\"not a time\"}}, 7, " + E1 + "]}"),
                REQ);
        assertThat(page.entries()).extracting(AuditEntry::id).containsExactly("e1");
        assertThat(page.skipped()).hasSize(3);
        assertThat(page.skipped().get(1)).contains("e2").contains("action.time");
    }

    @Test
    void errorStatusCarriesTheApiMessageAndAHint() {
        assertThatThrownBy(() -> v2.parse(
                        403,
                        b(
                                "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"result\":null}"),
                        REQ))
                .isInstanceOf(CloudflareApiException.class)
                .hasMessageContaining("HTTP 403 to GET /accounts/x/logs/audit: Authentication error (code 10000)")
                .hasMessageContaining("Account Settings Read");
    }

    @Test
    void successFalseWithHttp200IsAnError() {
        assertThatThrownBy(() -> v2.parse(
                        200,
                        b("{\"success\":false,\"errors\":[{\"message\":\"since is required\"}],\"result\":null}"),
                        REQ))
                .isInstanceOf(CloudflareApiException.class)
                .hasMessageContaining("success:false")
                .hasMessageContaining("since is required");
    }

    @Test
    void htmlErrorPageIsSummarised() {
        assertThatThrownBy(() ->
                        v2.parse(502, b("<html><body><h1>502 Bad Gateway</h1>\n<p>cloudflare</p></body></html>"), REQ))
                .isInstanceOf(CloudflareApiException.class)
                .satisfies(e ->
                        assertThat(((CloudflareApiException) e).isTransient()).isTrue())
                .hasMessageContaining("502 Bad Gateway cloudflare");
    }

    @Test
    void malformedPagesAreRejected() {
        assertThatThrownBy(() -> v2.parse(200, b("{\"success\":true,\"result\":[{\"id\":"), REQ))
                .isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> v2.parse(200, b("{\"success\":true}"), REQ))
                .isInstanceOf(MalformedPageException.class)
                .hasMessageContaining("no \"result\" array");
        assertThatThrownBy(() -> v2.parse(200, b("{\"success\":true,\"result\":{}}"), REQ))
                .hasMessageContaining("\"result\" is not an array");
        assertThatThrownBy(() -> v2.parse(200, b("[]"), REQ)).isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> v2.parse(200, b(""), REQ)).isInstanceOf(MalformedPageException.class);
        assertThatThrownBy(() -> v2.parse(200, b("{\"result\":[]}"), REQ)).hasMessageContaining("no \"success\" field");
        assertThatThrownBy(() -> v2.parse(200, b("{\"success\":true,\"result\":[]} trailing"), REQ))
                .isInstanceOf(MalformedPageException.class);
    }

    @Test
    void aV1PageHasItsEventTimeInWhenAndItsTotalPagesKept() {
        PageParser v1 = new PageParser(EndpointFamily.AUDIT_LOGS_V1);
        String entry = "{\"id\":\"d5b0f326-1232-4452-8858-1089bd7168ef\",\"action\":{\"result\":true,\"type\":"
                + "\"change_setting\"},\"when\":\"2017-04-26T17:31:07Z\"}";
        AuditPage page = v1.parse(
                200,
                b("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[" + entry
                        + "],\"result_info\":{\"page\":1,\"per_page\":25,\"count\":1,\"total_count\":26,"
                        + "\"total_pages\":2}}"),
                "GET /user/audit_logs");
        assertThat(page.entries()).hasSize(1);
        assertThat(page.entries().get(0).json()).isEqualTo(entry);
        assertThat(page.entries().get(0).time()).isEqualTo(Instant.parse("2017-04-26T17:31:07Z"));
        assertThat(page.totalPages()).isEqualTo(2);
        assertThat(page.nextCursor()).isNull();
        // read defensively: a string count, or none
        assertThat(v1.parse(200, b("{\"success\":true,\"result\":[],\"result_info\":{\"total_pages\":\"4\"}}"), "r")
                        .totalPages())
                .isEqualTo(4);
        assertThat(v1.parse(200, b("{\"success\":true,\"result\":[],\"result_info\":{\"total_pages\":-1}}"), "r")
                        .totalPages())
                .isNull();
        assertThat(v1.parse(200, b("{\"success\":true,\"result\":[" + entry + "]}"), "r")
                        .totalPages())
                .isNull();
        // an entry whose time is in action.time (a v2 entry) has no "when": skipped
        assertThat(v1.parse(200, b("{\"success\":true,\"result\":[" + E1 + "]}"), "r")
                        .skipped())
                .containsExactly("entry e1 has no valid when");
        // a cursor family keeps no total
        assertThat(v2.parse(200, b("{\"success\":true,\"result\":[],\"result_info\":{\"total_pages\":4}}"), "r")
                        .totalPages())
                .isNull();
    }
}
