package io.github.cfaudit.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepted API tokens and global keys. With none configured every request is accepted. A user token may be scoped to
 * some organization, account or zone ids, like a real Cloudflare token: other scopes answer 403. An account-owned token
 * (Manage Account > Account API Tokens) belongs to one account: it reads that account and the zones given with it,
 * never an organization nor another account, and is verified at its account's {@code tokens/verify}, not at
 * {@code /user/tokens/verify}. A token that is not active (disabled, expired) is verified with that status and reads
 * nothing.
 */
final class Credentials {

    static final String ACTIVE = "active";

    /** What a token may do. {@code account} null: a user token; {@code scopes} null: every scope. */
    private record Grant(String account, Set<String> scopes) {
        boolean userToken() {
            return account == null;
        }

        boolean reads(String scopeKind, String scopeId) {
            if (userToken()) {
                return scopes == null || scopeId == null || scopes.contains(scopeId);
            }
            // an account-owned token has no user: /user/audit_logs (scopeKind "user") is not its to read
            return ("accounts".equals(scopeKind) && account.equals(scopeId))
                    || ("zones".equals(scopeKind) && scopes.contains(scopeId));
        }
    }

    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> globalKeys = new ConcurrentHashMap<>();

    void addToken(String token) {
        tokens.put(token, new Grant(null, null));
    }

    void addScopedToken(String token, Set<String> scopeIds) {
        tokens.put(token, new Grant(null, Set.copyOf(scopeIds)));
    }

    void addAccountToken(String token, String accountId, Set<String> zoneIds) {
        tokens.put(token, new Grant(accountId, Set.copyOf(zoneIds)));
    }

    void setStatus(String token, String status) {
        if (!tokens.containsKey(token)) {
            throw new IllegalArgumentException("no such token registered");
        }
        statuses.put(token, status);
    }

    void addGlobalKey(String email, String key) {
        globalKeys.put(email.toLowerCase(Locale.ROOT), key);
    }

    void clear() {
        tokens.clear();
        statuses.clear();
        globalKeys.clear();
    }

    private boolean acceptsAll() {
        return tokens.isEmpty() && globalKeys.isEmpty();
    }

    /**
     * Whether a request for data of this scope is allowed.
     *
     * @param scopeKind {@code organizations}, {@code accounts}, {@code zones} or {@code user} (the token's own user)
     * @param scopeId   the organization, account or zone asked for
     */
    boolean accepts(Map<String, List<String>> lowerCaseHeaders, String scopeKind, String scopeId) {
        if (acceptsAll()) {
            return true;
        }
        Optional<String> token = bearerToken(lowerCaseHeaders);
        if (token.isPresent() && tokens.containsKey(token.get())) {
            return status(token.get()).equals(ACTIVE) && tokens.get(token.get()).reads(scopeKind, scopeId);
        }
        String email = first(lowerCaseHeaders, "x-auth-email");
        String key = first(lowerCaseHeaders, "x-auth-key");
        return email != null
                && key != null
                && key.equals(globalKeys.get(email.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * The status {@code tokens/verify} reports for the bearer token of the request: at {@code /user/tokens/verify}
     * ({@code accountId} null) for user tokens, at {@code /accounts/<accountId>/tokens/verify} for that account's own
     * tokens; empty (401) for every other token, and for global keys.
     */
    Optional<String> verify(Map<String, List<String>> lowerCaseHeaders, String accountId) {
        Optional<String> token = bearerToken(lowerCaseHeaders);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (acceptsAll()) {
            return Optional.of(ACTIVE);
        }
        Grant grant = tokens.get(token.get());
        if (grant == null) {
            return Optional.empty();
        }
        boolean here = accountId == null ? grant.userToken() : accountId.equals(grant.account());
        return here ? Optional.of(status(token.get())) : Optional.empty();
    }

    private String status(String token) {
        return statuses.getOrDefault(token, ACTIVE);
    }

    /**
     * Whose {@code /user/...} data a request reads: its bearer token, else its {@code X-Auth-Email} in lower case
     * (the global key's user), else the empty string.
     */
    static String user(Map<String, List<String>> lowerCaseHeaders) {
        Optional<String> token = bearerToken(lowerCaseHeaders);
        if (token.isPresent()) {
            return token.get();
        }
        String email = first(lowerCaseHeaders, "x-auth-email");
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    /** The token of an {@code Authorization: Bearer} header. */
    static Optional<String> bearerToken(Map<String, List<String>> lowerCaseHeaders) {
        String authorization = first(lowerCaseHeaders, "authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim());
        }
        return Optional.empty();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
