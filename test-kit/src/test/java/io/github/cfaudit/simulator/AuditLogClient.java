package io.github.cfaudit.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** What a user's test does: one GET of an organization's audit log over HTTP, as a Cloudflare client would. */
public final class AuditLogClient {
    public static final String SINCE = "2026-11-20T00:00:00Z";
    public static final String BEFORE = "2026-11-21T00:00:00Z";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLogClient() {}

    /** A minimal audit-log v2 entry at the given time of 2026-11-20. */
    public static String entry(String id, String hhmmss) {
        return "{\"id\":\"" + id + "\",\"action\":{\"result\":\"success\",\"time\":\"2026-11-20T" + hhmmss
                + "Z\",\"type\":\"update\"},\"actor\":{\"email\":\"alice@example.com\",\"type\":\"user\"},"
                + "\"resource\":{\"product\":\"dns\",\"type\":\"dns_record\"}}";
    }

    public record Answer(int status, JsonNode body) {
        /** The ids of {@code result}, in the order served. */
        public List<String> ids() {
            List<String> ids = new ArrayList<>();
            body.path("result").forEach(e -> ids.add(e.path("id").asText()));
            return ids;
        }
    }

    /** {@code GET <baseUrl>/organizations/<orgId>/logs/audit?since&before&direction=asc}, with the token if not null. */
    public static Answer organizationLog(String baseUrl, String orgId, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/organizations/" + orgId
                + "/logs/audit?since=" + SINCE + "&before=" + BEFORE + "&direction=asc"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
