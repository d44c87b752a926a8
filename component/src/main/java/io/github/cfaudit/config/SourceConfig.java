package io.github.cfaudit.config;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.SourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One polled endpoint: {@code cfaudit.source.<name>.*}, validated.
 *
 * @param name     the source name ({@code [a-z0-9-]+}); also names its checkpoint and its file partitions
 * @param endpoint what is polled
 * @param schedule Quartz cron expression
 * @param start    where the first run begins
 * @param pageSize entries asked per page (1..1000)
 * @param settle   the window ends this long before now
 * @param lookback each run re-reads this long before the watermark
 * @param maxPages the most pages one run reads (a guard against a cursor that never ends)
 * @param filters  extra query parameters, each with its values in order
 * @param pushDown whether the sinks' predicates may narrow the query (see {@code routing.PushDown})
 * @param connection the name of the {@link ConnectionConfig} it polls with ({@code connection}, default
 *                 {@value ConnectionConfig#DEFAULT})
 * @param backfill how a long window is paged: in time slices by parallel cursor chains ({@link Backfill})
 */
public record SourceConfig(
        String name,
        AuditEndpoint endpoint,
        String schedule,
        StartPosition start,
        int pageSize,
        Duration settle,
        Duration lookback,
        int maxPages,
        Map<String, List<String>> filters,
        boolean pushDown,
        String connection,
        Backfill backfill) {
    public static final String DEFAULT_SCHEDULE = "0 * * * * ?";
    public static final int MAX_PAGE_SIZE = 1000;
    public static final int DEFAULT_MAX_PAGES = 10_000;
    public static final Duration DEFAULT_START = Duration.ofDays(1);
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);

    public SourceConfig {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(endpoint, "endpoint == null");
        Objects.requireNonNull(schedule, "schedule == null");
        Objects.requireNonNull(start, "start == null");
        Objects.requireNonNull(settle, "settle == null");
        Objects.requireNonNull(lookback, "lookback == null");
        filters = Map.copyOf(filters);
        Objects.requireNonNull(connection, "connection == null");
        Objects.requireNonNull(backfill, "backfill == null");
    }

    /**
     * How a run pages a long window (docs/delivery.md, "Backfill"): a window longer than {@code slice} is cut into
     * slices of {@code slice} (the last one shorter), paged by up to {@code parallelism} cursor chains at once and
     * delivered in event-time order; {@code parallelism} 1 pages every window with one chain.
     *
     * @param parallelism the most cursor chains one run pages at once (1 to {@value #MAX_PARALLELISM})
     * @param slice       the length of a slice; windows up to this long are paged by one chain
     */
    public record Backfill(int parallelism, Duration slice) {
        public static final int DEFAULT_PARALLELISM = 1;
        public static final int MAX_PARALLELISM = 16;
        public static final Duration DEFAULT_SLICE = Duration.ofDays(1);
        public static final Duration MIN_SLICE = Duration.ofMinutes(1);
        /** One chain for every window, as before backfill parallelism existed. */
        public static final Backfill SEQUENTIAL = new Backfill(1, DEFAULT_SLICE);
        /** The defaults of the options. */
        public static final Backfill DEFAULT = new Backfill(DEFAULT_PARALLELISM, DEFAULT_SLICE);

        public Backfill {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
                throw new IllegalArgumentException("parallelism not in 1.." + MAX_PARALLELISM + ": " + parallelism);
            }
            Objects.requireNonNull(slice, "slice == null");
            if (slice.compareTo(MIN_SLICE) < 0) {
                throw new IllegalArgumentException("slice shorter than " + MIN_SLICE + ": " + slice);
            }
        }
    }

    /** A source paging every window with one cursor chain ({@link Backfill#SEQUENTIAL}). */
    public SourceConfig(
            String name,
            AuditEndpoint endpoint,
            String schedule,
            StartPosition start,
            int pageSize,
            Duration settle,
            Duration lookback,
            int maxPages,
            Map<String, List<String>> filters,
            boolean pushDown,
            String connection) {
        this(
                name,
                endpoint,
                schedule,
                start,
                pageSize,
                settle,
                lookback,
                maxPages,
                filters,
                pushDown,
                connection,
                Backfill.SEQUENTIAL);
    }

    /** A source on the {@value ConnectionConfig#DEFAULT} connection, push-down on (the default). */
    public SourceConfig(
            String name,
            AuditEndpoint endpoint,
            String schedule,
            StartPosition start,
            int pageSize,
            Duration settle,
            Duration lookback,
            int maxPages,
            Map<String, List<String>> filters) {
        this(
                name,
                endpoint,
                schedule,
                start,
                pageSize,
                settle,
                lookback,
                maxPages,
                filters,
                true,
                ConnectionConfig.DEFAULT);
    }

    /** A source on {@code connection}, push-down on (the default). */
    public SourceConfig(
            String name,
            AuditEndpoint endpoint,
            String schedule,
            StartPosition start,
            int pageSize,
            Duration settle,
            Duration lookback,
            int maxPages,
            Map<String, List<String>> filters,
            String connection) {
        this(name, endpoint, schedule, start, pageSize, settle, lookback, maxPages, filters, true, connection);
    }

    /** A source on the {@value ConnectionConfig#DEFAULT} connection. */
    public SourceConfig(
            String name,
            AuditEndpoint endpoint,
            String schedule,
            StartPosition start,
            int pageSize,
            Duration settle,
            Duration lookback,
            int maxPages,
            Map<String, List<String>> filters,
            boolean pushDown) {
        this(
                name,
                endpoint,
                schedule,
                start,
                pageSize,
                settle,
                lookback,
                maxPages,
                filters,
                pushDown,
                ConnectionConfig.DEFAULT);
    }

    /** This source asking the API with {@code filters} instead of its own. */
    public SourceConfig withFilters(Map<String, List<String>> filters) {
        return new SourceConfig(
                name,
                endpoint,
                schedule,
                start,
                pageSize,
                settle,
                lookback,
                maxPages,
                filters,
                pushDown,
                connection,
                backfill);
    }

    /** This source paging long windows as {@code backfill} says. */
    public SourceConfig withBackfill(Backfill backfill) {
        return new SourceConfig(
                name,
                endpoint,
                schedule,
                start,
                pageSize,
                settle,
                lookback,
                maxPages,
                filters,
                pushDown,
                connection,
                backfill);
    }

    public SourceType type() {
        return endpoint.type();
    }
}
