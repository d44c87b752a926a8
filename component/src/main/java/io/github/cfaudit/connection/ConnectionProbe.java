package io.github.cfaudit.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.config.Credentials;
import io.github.cfaudit.config.SourceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For {@code --check}: is the token of a connection valid, and what kind of token is it? Through the connection's own
 * HTTP settings ({@link ProbeClient}). First {@code GET /user/tokens/verify}, which verifies user tokens (My Profile >
 * API Tokens); it answers 401 for an account-owned token (Manage Account > Account API Tokens), which is verified at
 * {@code GET /accounts/<id>/tokens/verify} of its own account instead: on a 401 the account of each source that reads
 * one (account sources, insight sources of an account) is tried in turn, until one accepts the token. The token is
 * called invalid only when none of these accepts it.
 *
 * <p>A connection whose sources read no account (organization and zone sources only) has nowhere to verify an
 * account-owned token: with a zone source among them the token is left to that source's request (an account-owned
 * token may read its account's zones), as a global key is; with organization sources only, which account-owned tokens
 * cannot read, the 401 stands.
 */
public final class ConnectionProbe {
    public static final String VERIFY_PATH = "/user/tokens/verify";
    private static final String USER_TOKENS = "My Profile > API Tokens";
    private static final String ACCOUNT_TOKENS = "Manage Account > Account API Tokens";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectionProbe() {}

    /** {@code /accounts/<accountId>/tokens/verify}: where an account-owned token of that account is verified. */
    public static String accountVerifyPath(String accountId) {
        return "/accounts/" + accountId + "/tokens/verify";
    }

    /**
     * A description of what worked: the kind of token and the sources on the connection; throws saying what did not.
     *
     * @param sources the sources on this connection, in configured order
     */
    public static String check(ConnectionConfig connection, List<SourceConfig> sources) throws Exception {
        List<String> names = sources.stream().map(SourceConfig::name).toList();
        String usedBy = "; used by " + (names.size() == 1 ? "source " : "sources ") + String.join(", ", names);
        String proxy = connection
                .proxy()
                .map(p -> " through the proxy " + p.describe())
                .orElse("");
        if (connection.api().credentials() instanceof Credentials.GlobalKey key) {
            return "global key of " + key.email() + proxy + " (checked by the source requests)" + usedBy;
        }
        try (ProbeClient client = new ProbeClient(connection)) {
            Verification user = Verification.of(VERIFY_PATH, client.get(VERIFY_PATH));
            if (user.accepted()) {
                requireActive(user, connection, "user token", USER_TOKENS);
                return user.answer() + ": user token " + user.statusOr("valid") + proxy + usedBy;
            }
            if (user.httpStatus() != 401) {
                throw invalid(connection, List.of(user), user.refused() ? "is not valid" : "could not be verified");
            }
            List<String> accounts = sources.stream()
                    .map(s -> s.endpoint().accountId())
                    .flatMap(Optional::stream)
                    .distinct()
                    .toList();
            if (accounts.isEmpty()) {
                // no account: any insight source left reads a zone
                if (sources.stream().anyMatch(s -> s.type() == SourceType.INSIGHT)) {
                    return user.answer() + ": not a user token; no source of this connection reads an account, where "
                            + "an account-owned token is verified, so its zone sources' requests check it" + proxy
                            + usedBy;
                }
                throw invalid(
                        connection,
                        List.of(user),
                        "is not a valid user token, and " + userTokenKinds(sources)
                                + " sources are read with user tokens only (no "
                                + "source of this connection reads an account, where an account-owned token would be "
                                + "verified)");
            }
            List<Verification> tried = new ArrayList<>(List.of(user));
            for (String account : accounts) {
                Verification owned =
                        Verification.of(accountVerifyPath(account), client.get(accountVerifyPath(account)));
                if (owned.accepted()) {
                    String kind = "account-owned token of account " + account;
                    requireActive(owned, connection, kind, ACCOUNT_TOKENS);
                    return owned.answer() + ": " + kind + ", " + owned.statusOr("valid") + " (" + user.answer()
                            + ": not a user token)" + proxy + readsElsewhere(sources, account) + usedBy;
                }
                tried.add(owned);
            }
            boolean refusedEverywhere = tried.stream().allMatch(Verification::refused);
            String of = (accounts.size() == 1 ? "account " : "any of the accounts ") + String.join(", ", accounts);
            throw invalid(
                    connection,
                    tried,
                    refusedEverywhere
                            ? "is not valid: neither a user token nor an account-owned token of " + of
                            : "is not a user token and could not be verified as an account-owned token of " + of);
        }
    }

    /** {@code organization}, {@code user-v1}, or both: the types among {@code sources} only a user token reads. */
    private static String userTokenKinds(List<SourceConfig> sources) {
        return String.join(
                " and ",
                sources.stream()
                        .map(SourceConfig::type)
                        .filter(t -> t == SourceType.ORGANIZATION || t == SourceType.USER_V1)
                        .map(SourceType::configName)
                        .distinct()
                        .sorted()
                        .toList());
    }

    /** The sources an account-owned token of {@code account} cannot read: other accounts, organizations, a user's. */
    private static String readsElsewhere(List<SourceConfig> sources, String account) {
        List<String> elsewhere = sources.stream()
                .filter(s -> s.type() == SourceType.ORGANIZATION
                        || s.type() == SourceType.USER_V1
                        || s.endpoint()
                                .accountId()
                                .filter(a -> !a.equals(account))
                                .isPresent())
                .map(SourceConfig::name)
                .toList();
        return elsewhere.isEmpty()
                ? ""
                : "; it reads its own account only, not what " + (elsewhere.size() == 1 ? "source " : "sources ")
                        + String.join(", ", elsewhere) + " read";
    }

    private static void requireActive(Verification v, ConnectionConfig connection, String kind, String where) {
        if (!v.status().isEmpty() && !v.status().equals("active")) {
            throw new IllegalStateException(v.answer() + ": the token of " + connection.key("token") + " (" + kind
                    + ") is " + v.status() + ", not active: issue a new token in the Cloudflare dashboard (" + where
                    + ")");
        }
    }

    private static IllegalStateException invalid(ConnectionConfig connection, List<Verification> tried, String what) {
        return new IllegalStateException(String.join(
                        ", ", tried.stream().map(Verification::answer).toList())
                + ": the token of " + connection.key("token") + " (or " + connection.key("token-file") + ") " + what
                + "; valid: a user API token (" + USER_TOKENS + ") or an account-owned API token of the account read ("
                + ACCOUNT_TOKENS + "), with Account Settings Read (account sources) or Organization Audit Logs Read "
                + "(organization sources, user tokens only)");
    }

    /** One answer of a {@code tokens/verify} endpoint. {@code status}: the token's status, empty if none was given. */
    private record Verification(String path, int httpStatus, boolean success, String status, String message) {
        static Verification of(String path, ProbeClient.Response response) {
            JsonNode body = parse(response.body());
            return new Verification(
                    path,
                    response.status(),
                    body.path("success").asBoolean(false),
                    body.path("result").path("status").asText(""),
                    body.path("errors").path(0).path("message").asText(""));
        }

        boolean accepted() {
            return httpStatus == 200 && success;
        }

        /** Cloudflare's answer to a token it does not accept there; anything else says nothing about the token. */
        boolean refused() {
            return httpStatus == 401 || httpStatus == 403;
        }

        String statusOr(String fallback) {
            return status.isEmpty() ? fallback : status;
        }

        /** {@code GET <path> answered 200}, or {@code GET <path> answered HTTP 401 (Invalid API Token)}. */
        String answer() {
            return accepted()
                    ? "GET " + path + " answered 200"
                    : "GET " + path + " answered HTTP " + httpStatus + (message.isEmpty() ? "" : " (" + message + ")");
        }
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
