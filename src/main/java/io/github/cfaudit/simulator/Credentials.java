package io.github.cfaudit.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepted API tokens and global keys. With none configured every request is accepted. A token may be scoped to some
 * organization, account or zone ids, like a real Cloudflare token: other scopes answer 403.
 */
final class Credentials {

    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> tokenScopes = new ConcurrentHashMap<>();
    private final Map<String, String> globalKeys = new ConcurrentHashMap<>();

    void addToken(String token) {
        tokens.add(token);
    }

    void addScopedToken(String token, Set<String> scopeIds) {
        tokenScopes.put(token, Set.copyOf(scopeIds));
        tokens.add(token);
    }

    void addGlobalKey(String email, String key) {
        globalKeys.put(email.toLowerCase(Locale.ROOT), key);
    }

    void clear() {
        tokens.clear();
        tokenScopes.clear();
        globalKeys.clear();
    }

    boolean accepts(Map<String, List<String>> lowerCaseHeaders) {
        return accepts(lowerCaseHeaders, null);
    }

    /** @param scopeId the organization, account or zone asked for; null for a request about the token itself */
    boolean accepts(Map<String, List<String>> lowerCaseHeaders, String scopeId) {
        if (tokens.isEmpty() && globalKeys.isEmpty()) {
            return true;
        }
        Optional<String> token = bearerToken(lowerCaseHeaders);
        if (token.isPresent() && tokens.contains(token.get())) {
            Set<String> scopes = tokenScopes.get(token.get());
            return scopes == null || scopeId == null || scopes.contains(scopeId);
        }
        String email = first(lowerCaseHeaders, "x-auth-email");
        String key = first(lowerCaseHeaders, "x-auth-key");
        return email != null
                && key != null
                && key.equals(globalKeys.get(email.trim().toLowerCase(Locale.ROOT)));
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
