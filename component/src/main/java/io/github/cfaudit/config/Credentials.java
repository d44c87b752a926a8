package io.github.cfaudit.config;

import java.util.Map;

/** How requests authenticate: an API token (preferred) or the legacy e-mail plus global API key. */
public sealed interface Credentials {

    /** The HTTP headers that carry these credentials. */
    Map<String, String> headers();

    record ApiToken(Secret token) implements Credentials {
        @Override
        public Map<String, String> headers() {
            return Map.of("Authorization", "Bearer " + token.reveal());
        }
    }

    record GlobalKey(String email, Secret key) implements Credentials {
        @Override
        public Map<String, String> headers() {
            return Map.of("X-Auth-Email", email, "X-Auth-Key", key.reveal());
        }
    }
}
