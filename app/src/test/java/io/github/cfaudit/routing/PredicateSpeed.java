package io.github.cfaudit.routing;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.config.SinkConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.simulator.SizedAuditData;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.SinkSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A rerunnable measurement, not a test: one sink's predicate over the simulator's entries (~1 KB each, as in
 * {@code bench/run.sh}), pages of 1000 parsed and routed by {@link PageRouter} the way a source does, once with the
 * fast form ({@link EntrySelector} deciding on the captured fields) and once with Camel's own evaluation of the same
 * predicate, and for scale without a predicate. Both ways select the same entries (checked). Prints the median of
 * several rounds per way.
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test.cp) io.github.cfaudit.routing.PredicateSpeed \
 *     [entries (100000)] [rounds (7)] [predicate]
 * </pre>
 */
public final class PredicateSpeed {
    static final String DEFAULT_WHEN = "jsonpath:$[?(@.action.result == 'failure' && @.actor.type == 'user')]";

    private PredicateSpeed() {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String when = args.length > 2 ? args[2] : DEFAULT_WHEN;
        SourceConfig source = FastPathEquivalenceTest.SOURCE;
        List<byte[]> pages = pages(source, entries);
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            SinkConfig sink = new SinkConfig("s", "file", Optional.of(when), new SinkSettings() {});
            SinkPredicate compiled = (SinkPredicate) SinkPredicates.compile(context, sink);
            if (compiled.fast() == null) {
                throw new IllegalArgumentException("no fast form: " + when);
            }
            CountingSink counter = new CountingSink();
            SinkRoute fastRoute = new SinkRoute(counter, compiled);
            // the same Camel predicate without its fast form: Camel evaluates every entry
            SinkRoute camelRoute = new SinkRoute(counter, new SinkPredicate(when, compiled, null));
            // for scale: the same pages to a sink without a predicate
            SinkRoute allRoute = new SinkRoute(counter, null);
            List<SinkRoute> ways = List.of(fastRoute, camelRoute, allRoute);
            System.out.printf(
                    "%d entries in %d pages (%d MB), predicate %s%n",
                    entries,
                    pages.size(),
                    pages.stream().mapToLong(p -> p.length).sum() >> 20,
                    when);
            long[][] ms = new long[ways.size()][rounds];
            long[] selected = new long[ways.size()];
            for (int r = -2; r < rounds; r++) { // two rounds of warm-up, not counted
                for (int way = 0; way < ways.size(); way++) {
                    SinkRoute route = ways.get(way);
                    counter.selected = 0;
                    long t0 = System.nanoTime();
                    route(source, route, pages, context);
                    long elapsed = (System.nanoTime() - t0) / 1_000_000;
                    if (r >= 0) {
                        ms[way][r] = elapsed;
                    }
                    selected[way] = counter.selected;
                }
                if (selected[0] != selected[1]) {
                    throw new AssertionError("fast selected " + selected[0] + ", Camel " + selected[1]);
                }
            }
            System.out.printf("selected %d of %d entries both ways%n", selected[0], entries);
            print("fast form (parse + route)", ms[0], entries);
            print("Camel     (parse + route)", ms[1], entries);
            print("no predicate (parse + route)", ms[2], entries);
        }
    }

    /** Parses and routes every page as a source does: the parser captures the fields the fast forms read. */
    static void route(SourceConfig source, SinkRoute route, List<byte[]> pages, CamelContext context) {
        EntrySelector selector = EntrySelector.of(source, List.of(route));
        PageParser parser = new PageParser(source.endpoint().family(), selector.capture());
        PageRouter router = new PageRouter(source, List.of(route), selector);
        int n = 0;
        for (byte[] page : pages) {
            List<AuditEntry> parsed = parser.parse(200, page, "speed").entries();
            router.route(parsed, n++, context);
        }
    }

    static List<byte[]> pages(SourceConfig source, int entries) {
        SizedAuditData data = new SizedAuditData(7, 1000);
        List<byte[]> pages = new ArrayList<>();
        List<String> page = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            page.add(data.organizationEntry(FastPathEquivalenceTest.ORG, FastPathEquivalenceTest.FROM.plusMillis(i)));
            if (page.size() == 1000 || i == entries - 1) {
                String json = "{\"success\":true,\"errors\":[],\"result\":[" + String.join(",", page)
                        + "],\"result_info\":{\"count\":\"" + page.size() + "\"}}";
                pages.add(json.getBytes(StandardCharsets.UTF_8));
                page.clear();
            }
        }
        return pages;
    }

    static void print(String what, long[] ms, int entries) {
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        System.out.printf(
                "%s: median %d ms (%,d entries/s), rounds %s%n",
                what, median, median == 0 ? 0 : entries * 1000L / median, Arrays.toString(ms));
    }

    /** Counts what the predicate selects; nothing is written. */
    static final class CountingSink implements AuditSink {
        long selected;

        @Override
        public String name() {
            return "s";
        }

        @Override
        public PageBatch newBatch(SourceConfig source) {
            return new PageBatch() {
                @Override
                public void add(AuditEntry entry) {
                    selected++;
                }

                @Override
                public int size() {
                    return 0;
                }

                @Override
                public void flush() {}
            };
        }
    }
}
