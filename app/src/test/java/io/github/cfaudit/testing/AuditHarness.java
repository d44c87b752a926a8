package io.github.cfaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.source.RunSummary;
import io.github.cfaudit.state.Checkpoint;
import io.github.cfaudit.state.FileCheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The real routes against the real simulator over HTTP, with a clock the test controls. Each {@link #runOnce()}
 * builds a new CamelContext, as a restarted process would, so only the checkpoint files carry state between runs.
 */
public final class AuditHarness implements AutoCloseable {
    public static final String TOKEN = "tok-3f9a7c1e5b2d";
    public static final String ORG = "a67e14daa5f8dceeb91fe5449ba496ef";
    public static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
    public static final String ZONE = "9a7806061c88ada191ed06f989cc3dac";
    /** Test entries live on 2026-11-20; the clock stands at noon. */
    public static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

    public static final Instant NOON = Instant.parse("2026-11-20T12:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    public final CloudflareApiSimulator sim;
    public final Path dir;
    public final MutableClock clock = new MutableClock(NOON);
    private final Map<String, String> props = new LinkedHashMap<>();
    private Consumer<CamelContext> contextCustomizer = c -> {};

    public AuditHarness(Path dir) {
        this.dir = dir;
        this.sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        set("cfaudit.api.base-url", sim.baseUrl());
        set("cfaudit.api.token", TOKEN);
        set("cfaudit.api.timeout", "PT5S");
        // retries as in production, but with short backoff so tests stay fast
        set("cfaudit.api.retry-delay", "PT0.01S");
        set("cfaudit.delivery.retry-delay", "PT0.01S");
        set("cfaudit.state.directory", dir.resolve("state").toString());
    }

    public AuditHarness set(String key, String value) {
        props.put(key, value);
        return this;
    }

    public AuditHarness remove(String key) {
        props.remove(key);
        return this;
    }

    public Map<String, String> properties() {
        return props;
    }

    /** A source starting at {@link #DAY}, no settle, default lookback. */
    public AuditHarness source(String name, String type, String idKey, String id) {
        set("cfaudit.source." + name + ".type", type);
        set("cfaudit.source." + name + "." + idKey, id);
        set("cfaudit.source." + name + ".start", DAY.toString());
        set("cfaudit.source." + name + ".settle", "PT0S");
        return this;
    }

    /** A source of a type without an id option ({@code user-v1}) starting at {@link #DAY}, no settle. */
    public AuditHarness source(String name, String type) {
        set("cfaudit.source." + name + ".type", type);
        set("cfaudit.source." + name + ".start", DAY.toString());
        set("cfaudit.source." + name + ".settle", "PT0S");
        return this;
    }

    /**
     * {@code n} account v1 entries one minute apart from {@code from}, with ids formatted by {@code idFormat};
     * returns the ids in order.
     */
    public List<String> accountV1EntriesEveryMinute(String idFormat, int n, Instant from) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format(idFormat, i);
            sim.addAccountV1Entry(ACCOUNT, Entries.v1(id, from.plus(java.time.Duration.ofMinutes(i))));
            ids.add(id);
        }
        return ids;
    }

    public Path fileSink(String name, String when) {
        Path out = dir.resolve("out-" + name);
        set("cfaudit.sink." + name + ".type", "file");
        set("cfaudit.sink." + name + ".directory", out.toString());
        if (when != null) {
            set("cfaudit.sink." + name + ".when", when);
        }
        return out;
    }

    /**
     * {@code n} account entries one minute apart from {@code from}, with ids formatted by {@code idFormat}
     * (e.g. {@code e%02d}); returns the ids in order.
     */
    public List<String> accountEntriesEveryMinute(String idFormat, int n, Instant from) {
        return accountEntriesEvery(idFormat, n, from, java.time.Duration.ofMinutes(1));
    }

    /** {@code n} account entries {@code step} apart from {@code from}, as {@link #accountEntriesEveryMinute}. */
    public List<String> accountEntriesEvery(String idFormat, int n, Instant from, java.time.Duration step) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format(idFormat, i);
            sim.addAccountEntry(ACCOUNT, Entries.audit(id, from.plus(step.multipliedBy(i))));
            ids.add(id);
        }
        return ids;
    }

    /** Lets a test add its own routes (e.g. the consumer of an endpoint sink) to each new context. */
    public AuditHarness withContext(Consumer<CamelContext> customizer) {
        this.contextCustomizer = customizer;
        return this;
    }

    /**
     * Adds a route from {@code from} to {@code processor} to each new context: the consumer of an endpoint sink (e.g.
     * {@code direct:stream}) that records, checks or refuses what it receives.
     */
    public AuditHarness withRoute(String from, Processor processor) {
        return withContext(context -> {
            try {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(from).process(processor);
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public CloudflareAuditRoutes routes() {
        return CloudflareAuditRoutes.of(AuditConfigParser.parse(props, Map.of()))
                .withoutSchedule()
                .withClock(clock);
    }

    /** One run of every source in a fresh CamelContext. */
    public List<RunSummary> runOnce() {
        CloudflareAuditRoutes routes = routes();
        try (CamelContext context = new DefaultCamelContext()) {
            contextCustomizer.accept(context);
            context.addRoutes(routes);
            context.start();
            return routes.runOnce(context);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public RunSummary runOnceSingle() {
        List<RunSummary> all = runOnce();
        if (all.size() != 1) {
            throw new IllegalStateException("expected one source, got " + all);
        }
        return all.get(0);
    }

    public Optional<Checkpoint> checkpoint(String source) {
        return new FileCheckpointStore(dir.resolve("state")).load(source);
    }

    /** Every NDJSON line below a sink directory, files in path order; a file must end with a whole line. */
    public static List<String> lines(Path sinkDir) {
        return lines(sinkDir, false);
    }

    /**
     * The ids of the whole lines below a sink directory while the routes may still be appending: the end of a file
     * read in the middle of a page's write is left for the next read. For awaiting; assert with {@link #ids}.
     */
    public static List<String> idsSoFar(Path sinkDir) {
        return lines(sinkDir, true).stream()
                .map(AuditHarness::parse)
                .map(n -> n.get("id").asText())
                .toList();
    }

    private static List<String> lines(Path sinkDir, boolean whileWriting) {
        if (!Files.exists(sinkDir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sinkDir)) {
            for (Path f : files.filter(
                            p -> Files.isRegularFile(p) && p.toString().endsWith(".ndjson"))
                    .sorted()
                    .toList()) {
                String content = Files.readString(f, StandardCharsets.UTF_8);
                if (whileWriting) {
                    content = content.substring(0, content.lastIndexOf('\n') + 1);
                } else if (!content.isEmpty() && !content.endsWith("\n")) {
                    throw new AssertionError(f + " does not end with a newline");
                }
                content.lines().forEach(lines::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** The ids of the lines below a sink directory, in file order; every line must be a JSON object. */
    public static List<String> ids(Path sinkDir) {
        return lines(sinkDir).stream()
                .map(AuditHarness::parse)
                .map(n -> n.get("id").asText())
                .toList();
    }

    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
