package io.github.cfaudit.formats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.simulator.SizedAuditData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plain loop over the benchmark's entries ({@link SizedAuditData}, ~1 KB organization entries), the CPU time per
 * entry of each codec's rendering and of {@link EntryShape#deviations} (what a sink adds per entry for a codec other
 * than {@code cloudflare}). Not a test: runs only with {@code -Dcfaudit.microbench=true}, e.g.
 * {@code mvn -B -q test -pl formats -am -Dtest=FormatsMicrobench -Dcfaudit.microbench=true -DskipJavadoc=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; prints one line per codec. {@code -Dcfaudit.microbench.only=ocsf,cef}
 * measures only those ({@code shape}: EntryShape), {@code .entries} and {@code .passes} size the loop.
 */
class FormatsMicrobench {
    private static final String ORG = "0123456789abcdef0123456789abcdef";

    /** The same loop from a plain {@code java} command (e.g. under JFR), with the test class path. */
    public static void main(String[] args) throws IOException {
        System.setProperty("cfaudit.microbench", "true");
        new FormatsMicrobench().renderCost();
    }

    @Test
    void renderCost() throws IOException {
        assumeTrue(Boolean.getBoolean("cfaudit.microbench"), "set -Dcfaudit.microbench=true to run");
        int n = Integer.getInteger("cfaudit.microbench.entries", 20_000);
        int passes = Integer.getInteger("cfaudit.microbench.passes", 5);
        SizedAuditData data = new SizedAuditData(42, 1000);
        List<AuditEntry> entries = new ArrayList<>(n);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            Instant time = t0.plusMillis(i * 997L);
            byte[] json = data.organizationEntry(ORG, time).getBytes(StandardCharsets.UTF_8);
            bytes += json.length;
            String id = EntryTree.MAPPER.readTree(json).path("id").asText();
            entries.add(new AuditEntry(id, time, json));
        }
        System.out.printf("microbench: %d entries, average %d bytes, %d passes%n", n, bytes / n, passes);
        String only = System.getProperty("cfaudit.microbench.only", "");
        for (String codec : RecordFormats.NAMES) {
            if (!only.isEmpty() && !List.of(only.split(",")).contains(codec)) {
                continue;
            }
            RecordFormat f = RecordFormats.of(codec);
            measure(codec, entries, passes, bytes, (e, out) -> f.write(e, SourceType.ORGANIZATION, out));
        }
        // the same records from the whole entry parsed (the path before the fast one), for comparison
        if (only.contains("full")) {
            OcsfFormat ocsf = new OcsfFormat();
            EcsFormat ecs = new EcsFormat();
            SourceType org = SourceType.ORGANIZATION;
            measure("ocsf-full", entries, passes, bytes, (e, out) -> {
                EntryShape.deviations(EntryTree.of(e), org);
                EntryTree.MAPPER.writeValue(out, ocsf.record(e, org, EntryTree.of(e)));
            });
            measure("ecs-full", entries, passes, bytes, (e, out) -> {
                EntryShape.deviations(EntryTree.of(e), org);
                EntryTree.MAPPER.writeValue(out, ecs.document(e, org, EntryTree.of(e)));
            });
            measure("cef-full", entries, passes, bytes, (e, out) -> {
                EntryShape.deviations(EntryTree.of(e), org);
                out.write(CefFormat.line(CefFormat.record(SiemFields.of(e, org, EntryTree.of(e))))
                        .getBytes(StandardCharsets.UTF_8));
            });
        }
        if (only.contains("checked")) {
            for (String codec : List.of("ocsf", "ecs", "cef", "leef")) {
                RecordFormat f = RecordFormats.of(codec);
                measure(
                        codec + "-chk",
                        entries,
                        passes,
                        bytes,
                        (e, out) -> f.writeChecked(e, SourceType.ORGANIZATION, out));
            }
        }
        if (only.isEmpty() || only.contains("shape")) {
            measure(
                    "EntryShape",
                    entries,
                    passes,
                    bytes,
                    (e, out) -> EntryShape.deviations(e, SourceType.ORGANIZATION));
        }
    }

    private interface Work {
        void run(AuditEntry e, ByteArrayOutputStream out) throws IOException;
    }

    private static void measure(String label, List<AuditEntry> entries, int passes, long bytes, Work work)
            throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        long written = 0;
        for (int w = 0; w < 3; w++) { // warm-up
            for (AuditEntry e : entries) {
                out.reset();
                work.run(e, out);
            }
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        for (int p = 0; p < passes; p++) {
            for (AuditEntry e : entries) {
                out.reset();
                work.run(e, out);
                written += out.size();
            }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        long count = (long) entries.size() * passes;
        System.out.printf(
                "microbench: %-10s %6.2f us/entry CPU (%6.2f wall), %5.0f MB/s of entries, %4d bytes out/entry%n",
                label, cpu / 1e3 / count, wall / 1e3 / count, bytes * passes / (cpu / 1e3), written / count);
    }
}
