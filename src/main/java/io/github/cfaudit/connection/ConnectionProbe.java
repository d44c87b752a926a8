package io.github.cfaudit.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.Credentials;
import java.util.List;

/**
 * For {@code --check}: is the token of a connection valid? One {@code GET /user/tokens/verify} through the connection's
 * proxy. A global key has no such endpoint; the requests of its sources check it.
 */
public final class ConnectionProbe {
    public static final String VERIFY_PATH = "/user/tokens/verify";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectionProbe() {}

    /** A description of what worked, naming the sources on the connection; throws saying what did not. */
    public static String check(ConnectionConfig connection, List<String> sources) throws Exception {
        String usedBy = "; used by " + (sources.size() == 1 ? "source " : "sources ") + String.join(", ", sources);
        String proxy = connection
                .proxy()
                .map(p -> " through the proxy " + p.describe())
                .orElse("");
        if (connection.api().credentials() instanceof Credentials.GlobalKey key) {
            return "global key of " + key.email() + proxy + " (checked by the source requests)" + usedBy;
        }
        ProbeClient.Response response;
        try (ProbeClient client = new ProbeClient(connection)) {
            response = client.get(VERIFY_PATH);
        }
        JsonNode body = parse(response.body());
        String status = body.path("result").path("status").asText("");
        if (response.status() == 200 && body.path("success").asBoolean(false)) {
            if (!status.isEmpty() && !status.equals("active")) {
                throw new IllegalStateException("the token of " + connection.key("token") + " is " + status
                        + ", not active: issue a new token in the Cloudflare dashboard (My Profile > API Tokens)");
            }
            return "GET " + VERIFY_PATH + " answered 200: token " + (status.isEmpty() ? "valid" : status) + proxy
                    + usedBy;
        }
        String message = body.path("errors").path(0).path("message").asText("");
        throw new IllegalStateException("GET " + VERIFY_PATH + " answered HTTP " + response.status()
                + (message.isEmpty() ? "" : " (" + message + ")") + ": the token of " + connection.key("token")
                + " (or " + connection.key("token-file") + ") is not valid; valid: an API token with Account Settings "
                + "Read (account sources) or Organization Audit Logs Read (organization sources)");
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
