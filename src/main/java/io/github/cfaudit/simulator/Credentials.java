package io.github.cfaudit.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Accepted API tokens and global keys. With none configured every request is accepted. */
final class Credentials {

    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> globalKeys = new ConcurrentHashMap<>();

    void addToken(String token) {
        tokens.add(token);
    }

    void addGlobalKey(String email, String key) {
        globalKeys.put(email.toLowerCase(Locale.ROOT), key);
    }

    void clear() {
        tokens.clear();
        globalKeys.clear();
    }

    boolean accepts(Map<String, List<String>> lowerCaseHeaders) {
        if (tokens.isEmpty() && globalKeys.isEmpty()) {
            return true;
        }
        String authorization = first(lowerCaseHeaders, "authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && tokens.contains(authorization.substring(7).trim())) {
            return true;
        }
        String email = first(lowerCaseHeaders, "x-auth-email");
        String key = first(lowerCaseHeaders, "x-auth-key");
        return email != null && key != null && key.equals(globalKeys.get(email.trim().toLowerCase(Locale.ROOT)));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
