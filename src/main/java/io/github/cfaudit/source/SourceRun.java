package io.github.cfaudit.source;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.state.Checkpoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The state of one run of one source, kept as an exchange property while the route loops over pages: the window,
 * the cursor, the committed checkpoint and the page in flight (its sink batches and the ids it delivers).
 */
final class SourceRun {
    final SourceConfig source;
    Window window;
    final long startNanos = System.nanoTime();
    /** The last committed checkpoint; null until the source has one. */
    Checkpoint checkpoint;

    String cursor;
    boolean more = true;
    boolean reachedEnd;
    String stopReason;
    final Set<String> cursorsSeen = new HashSet<>();
    int pages;
    int retries;
    boolean chainRestarted;
    long delivered;
    long duplicates;
    long skipped;
    final Map<String, Long> perSink = new LinkedHashMap<>();
    final Map<String, SourcePipeline.PredicateErrors> predicateErrors = new LinkedHashMap<>();

    /** The page in flight, from its fetch until it is routed to the sinks' batches. */
    io.github.cfaudit.cloudflare.AuditPage page;
    /** The request for the page after it, started while this one is delivered; null when none. */
    SourcePipeline.Fetch fetchAhead;
    /** The sinks' batches of the page in flight. */
    final Map<String, PageBatch> batches = new LinkedHashMap<>();
    final Map<String, Long> batchBytes = new HashMap<>();
    long lastProgressLog = System.nanoTime();
    final Map<String, Instant> pageIds = new HashMap<>();
    Instant pageMaxTime;

    SourceRun(SourceConfig source, Window window, Checkpoint checkpoint) {
        this.source = source;
        this.window = window;
        this.checkpoint = checkpoint;
    }

    void startPage() {
        batches.clear();
        batchBytes.clear();
        pageIds.clear();
        pageMaxTime = null;
    }

    /** True when the entry was delivered before (in an earlier run, an earlier page, or earlier in this page). */
    boolean alreadyDelivered(AuditEntry entry) {
        return pageIds.containsKey(entry.id()) || (checkpoint != null && checkpoint.recentIds().containsKey(entry.id()));
    }

    void noteInPage(AuditEntry entry) {
        if (pageMaxTime == null || entry.time().isAfter(pageMaxTime)) {
            pageMaxTime = entry.time();
        }
    }
}
