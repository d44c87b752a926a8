package io.github.cfaudit.routing;

import io.github.cfaudit.internal.RootCause;
import io.github.cfaudit.operations.Operations;
import io.github.cfaudit.sink.PageBatch;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sinks' batches of one page. {@link #flush} hands each to its sink in order; a sink that accepted the page is
 * not asked again when the flush is retried because a later one failed.
 */
public final class PageBatches {
    private final String source;
    private final int pageNumber;
    private final Map<String, PageBatch> pending = new LinkedHashMap<>();
    private final Map<String, Long> bytes = new LinkedHashMap<>();
    private final Map<String, Long> accepted = new LinkedHashMap<>();

    PageBatches(String source, int pageNumber) {
        this.source = source;
        this.pageNumber = pageNumber;
    }

    void add(String sink, PageBatch batch, long byteCount) {
        pending.put(sink, batch);
        bytes.put(sink, byteCount);
    }

    /** Every sink still missing the page accepts it, or this throws {@link SinkDeliveryException} naming the first that did not. */
    public void flush(Operations ops, Clock clock) {
        for (Iterator<Map.Entry<String, PageBatch>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, PageBatch> e = it.next();
            long start = System.nanoTime();
            try {
                e.getValue().flush();
                ops.metrics()
                        .sinkWrite(
                                e.getKey(),
                                e.getValue().size(),
                                bytes.getOrDefault(e.getKey(), 0L),
                                System.nanoTime() - start);
                ops.sink(e.getKey()).accepted(clock.instant());
            } catch (Exception failure) {
                ops.metrics().sinkFailure(e.getKey());
                ops.sink(e.getKey()).failed(clock.instant(), RootCause.message(failure));
                throw new SinkDeliveryException(
                        "sink " + e.getKey() + " did not accept page " + pageNumber + " of source " + source + ": "
                                + RootCause.message(failure),
                        failure);
            }
            accepted.merge(e.getKey(), (long) e.getValue().size(), Long::sum);
            it.remove();
        }
    }

    /** Entries each sink accepted so far. */
    public Map<String, Long> accepted() {
        return Map.copyOf(accepted);
    }
}
