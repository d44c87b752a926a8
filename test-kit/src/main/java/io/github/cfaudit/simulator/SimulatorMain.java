package io.github.cfaudit.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the simulator as a process of its own, for the benchmark in {@code bench/}:
 *
 * <pre>
 * java -cp target/camel-cloudflare-audit.jar:target/lib/* io.github.cfaudit.simulator.SimulatorMain \
 *   --port P --org ORG --entries N --from ISO --to ISO [--token T] [--cursor-placement both|cursor|cursors_after] \
 *   [--rate-limit 60/PT10S] [--latency PT0.5S] [--avg-entry-bytes 1000] [--seed 42] [--ids-out FILE]
 *   [--account ACCOUNT --account-entries M]
 * </pre>
 *
 * It fills one organization with {@code N} entries spread evenly over [from, to) (realistic sizes, see
 * {@link SizedAuditData}) and, with {@code --account}, an account with {@code M} entries of the base size over the
 * same span; optionally writes every id to {@code --ids-out}, one a line as {@code <org|account> <id> <result> <actor type>}
 * (result: {@code success} or {@code failure}), prints
 * {@code READY <baseUrl>} on standard output once it listens. Without {@code --rate-limit} the Ratelimit headers
 * advertise a budget of 10^9 requests per 5 minutes, so that clients honouring them never wait; with it, the
 * simulator enforces that limit (429 + Retry-After beyond it); with {@code --latency}, every answer takes that long
 * after the request was counted (the time the API takes for a page). It serves until killed. On SIGTERM/SIGINT, and on the
 * line {@code stats} on standard input, it prints {@code STATS requests=.. status_200=.. status_429=..}.
 */
public final class SimulatorMain {

    /** The advertised quota without {@code --rate-limit}: far beyond what any run asks. */
    static final int UNLIMITED = 1_000_000_000;

    private SimulatorMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "0"));
        String org = required(opts, "org");
        int entries = Integer.parseInt(opts.getOrDefault("entries", "1000000"));
        Instant from = Instant.parse(required(opts, "from"));
        Instant to = Instant.parse(required(opts, "to"));
        int avgBytes = Integer.parseInt(opts.getOrDefault("avg-entry-bytes", "1000"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));

        CloudflareApiSimulator sim = CloudflareApiSimulator.start(port);
        if (opts.containsKey("token")) {
            sim.acceptToken(opts.get("token"));
        }
        sim.setCursorPlacement(CursorPlacement.valueOf(
                opts.getOrDefault("cursor-placement", "both").toUpperCase(Locale.ROOT)));
        long started = System.nanoTime();
        Population p = populate(sim, org, entries, from, to, avgBytes, seed);
        String account = opts.get("account");
        int accountEntries = account == null ? 0 : Integer.parseInt(opts.getOrDefault("account-entries", "10000"));
        List<String> accountLines = new ArrayList<>();
        if (account != null) {
            SyntheticAuditData data = new SyntheticAuditData(seed + 1000);
            for (Instant t : SyntheticAuditData.spread(accountEntries, from, to)) {
                String json = data.accountEntry(account, t);
                sim.addAccountEntry(account, json);
                accountLines.add("account " + idOf(json) + " " + resultOf(json) + " " + actorTypeOf(json));
            }
            System.err.println("simulator: " + accountEntries + " entries for account " + account);
        }
        if (opts.containsKey("ids-out")) {
            writeIds(Path.of(opts.get("ids-out")), p.ids(), accountLines);
        }
        System.gc();
        System.err.printf(
                Locale.ROOT,
                "simulator: %d entries for organization %s over [%s, %s), average %.0f bytes "
                        + "(min %d, max %d), %.1f MB of entries, in %.1f s%n",
                entries,
                org,
                from,
                to,
                entries == 0 ? 0.0 : (double) p.bytes() / entries,
                p.min(),
                p.max(),
                p.bytes() / 1e6,
                (System.nanoTime() - started) / 1e9);
        if (opts.containsKey("rate-limit")) {
            String[] rate = opts.get("rate-limit").split("/", 2);
            sim.setRateLimit(
                    Integer.parseInt(rate[0].trim()),
                    Duration.parse(rate[1].trim().toUpperCase(Locale.ROOT)));
            System.err.println("simulator: enforcing a rate limit of " + opts.get("rate-limit"));
        } else {
            // Every response carries Ratelimit headers; left alone they would count Cloudflare's 1200 per 5 minutes
            // across every client of this process, and a client that honours them would pause once other clients had
            // used that up. Without --rate-limit, advertise a budget no run can exhaust.
            sim.setRateLimit(UNLIMITED, Duration.ofMinutes(5));
        }

        if (opts.containsKey("latency")) {
            Duration latency = Duration.parse(opts.get("latency").trim().toUpperCase(Locale.ROOT));
            sim.setPageLatency(latency);
            System.err.println("simulator: every answer takes " + latency);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println(stats(sim));
                            System.out.flush();
                            sim.close();
                            stopped.countDown();
                        },
                        "simulator-shutdown"));
        System.out.println("READY " + sim.baseUrl());
        System.out.flush();

        Thread stdin = new Thread(
                () -> {
                    try {
                        var in = new java.io.BufferedReader(
                                new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.trim().equals("stats")) {
                                System.out.println(stats(sim));
                                System.out.flush();
                            }
                        }
                    } catch (IOException ignored) {
                        // standard input closed: keep serving until killed
                    }
                },
                "simulator-stdin");
        stdin.setDaemon(true);
        stdin.start();
        stopped.await();
    }

    private record Population(String[] ids, long bytes, int min, int max) {}

    /** Fills the organization in parallel chunks, each with its own seeded generator: deterministic for a seed. */
    private static Population populate(
            CloudflareApiSimulator sim, String org, int n, Instant from, Instant to, int avgBytes, long seed)
            throws Exception {
        List<Instant> times = SyntheticAuditData.spread(n, from, to);
        String[] ids = new String[n];
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        int chunk = (n + threads - 1) / Math.max(1, threads);
        AtomicLong bytes = new AtomicLong();
        AtomicLong min = new AtomicLong(Long.MAX_VALUE);
        AtomicLong max = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int lo = t * chunk;
                int hi = Math.min(n, lo + chunk);
                long chunkSeed = seed + t;
                parts.add(pool.submit(() -> {
                    SizedAuditData data = new SizedAuditData(chunkSeed, avgBytes);
                    long localBytes = 0;
                    long localMin = Long.MAX_VALUE;
                    long localMax = 0;
                    for (int i = lo; i < hi; i++) {
                        String json = data.organizationEntry(org, times.get(i));
                        sim.addOrganizationEntry(org, json);
                        ids[i] = "org " + idOf(json) + " " + resultOf(json) + " " + actorTypeOf(json);
                        int size = json.getBytes(StandardCharsets.UTF_8).length;
                        localBytes += size;
                        localMin = Math.min(localMin, size);
                        localMax = Math.max(localMax, size);
                    }
                    bytes.addAndGet(localBytes);
                    long lmin = localMin;
                    long lmax = localMax;
                    min.accumulateAndGet(lmin, Math::min);
                    max.accumulateAndGet(lmax, Math::max);
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Population(ids, bytes.get(), n == 0 ? 0 : (int) min.get(), (int) max.get());
    }

    /** The top-level id: the first field of every synthetic entry. */
    private static String idOf(String json) {
        int start = json.indexOf("\"id\":\"") + 6;
        return json.substring(start, json.indexOf('"', start));
    }

    /** {@code action.result}: the first "result" field of a synthetic audit entry. */
    private static String resultOf(String json) {
        int start = json.indexOf("\"result\":\"") + 10;
        return start < 10 ? "none" : json.substring(start, json.indexOf('"', start));
    }

    /** {@code actor.type}: the "type" field after "actor" (a synthetic actor object holds no nested object). */
    private static String actorTypeOf(String json) {
        int actor = json.indexOf("\"actor\":{");
        int start = actor < 0 ? -1 : json.indexOf("\"type\":\"", actor);
        return start < 0 ? "none" : json.substring(start + 8, json.indexOf('"', start + 8));
    }

    private static void writeIds(Path file, String[] ids, List<String> more) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (String id : ids) {
                    w.write(id);
                    w.write('\n');
                }
                for (String line : more) {
                    w.write(line);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line: total requests and the count per HTTP status. */
    static String stats(CloudflareApiSimulator sim) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<RecordedRequest> requests = sim.requests();
        for (RecordedRequest r : requests) {
            byStatus.merge(r.status(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("STATS requests=").append(requests.size());
        sb.append(" status_429=").append(byStatus.getOrDefault(429, 0));
        byStatus.forEach((status, count) -> {
            if (status != 429) {
                sb.append(" status_").append(status).append('=').append(count);
            }
        });
        return sb.toString();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: SimulatorMain --port P --org ORG --entries N --from ISO "
                        + "--to ISO [--token T] [--cursor-placement both] [--rate-limit 60/PT10S] [--latency PT0.5S] "
                        + "[--avg-entry-bytes 1000] [--seed 42] [--ids-out FILE] [--account ID --account-entries M]; bad argument: "
                        + a);
            }
            opts.put(a.substring(2), args[++i]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
