package io.github.cfaudit.connection;

import io.github.cfaudit.cloudflare.RateBudget;
import io.github.cfaudit.config.ConnectionConfig;

/**
 * The one place a connection's {@link RateBudget} is made: one per connection (that is, per token), so sources on
 * different tokens never wait for each other and a 429 pauses only the sources of its token.
 */
public final class RateBudgets {
    private RateBudgets() {}

    /** The budget of {@code connection}, keyed by its name. */
    public static RateBudget forConnection(ConnectionConfig connection) {
        return new RateBudget(
                connection.api().rateLimit().requests(),
                connection.api().rateLimit().window());
    }
}
