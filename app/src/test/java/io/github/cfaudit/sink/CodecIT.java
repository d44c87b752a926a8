package io.github.cfaudit.sink;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static io.github.cfaudit.testing.AuditHarness.ORG;
import static io.github.cfaudit.testing.AuditHarness.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.formats.RecordChecks;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.testing.AuditHarness;
import io.github.cfaudit.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application with a file sink per codec, fed by organization, account and insight sources from the simulator:
 * every line a valid record of its sink's format (checked by the formats module's validators), every entry once,
 * also when the sources read everything again after their checkpoints are lost.
 */
class CodecIT {
    @Harness
    AuditHarness h;

    final SyntheticAuditData data = new SyntheticAuditData(11);
    final Instant from = DAY.plus(Duration.ofHours(1));

    @Test
    void everySinkWritesValidRecordsOfItsCodecAndAReplayDuplicatesNothing() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Instant t = from.plusSeconds(61L * i);
            String org = data.organizationEntry(ORG, t);
            String acct = data.accountEntry(ACCOUNT, t);
            String insight = data.insightEntry("zones", ZONE, "issue-" + (i % 3), t);
            h.sim.addOrganizationEntry(ORG, org);
            h.sim.addAccountEntry(ACCOUNT, acct);
            h.sim.addInsightEntry("zones", ZONE, insight);
            for (String json : List.of(org, acct, insight)) {
                ids.add(AuditHarness.parse(json).path("id").asText());
            }
        }
        h.source("org", "organization", "organization-id", ORG);
        h.source("acct", "account", "account-id", ACCOUNT);
        h.source("ins", "insight", "zone-id", ZONE);
        Map<String, Path> sinks = new LinkedHashMap<>();
        Map<String, String> codecs = new LinkedHashMap<>();
        for (String codec : List.of("cloudflare", "ocsf", "ecs", "cef", "leef")) {
            sinks.put(codec, h.fileSink(codec, null));
            codecs.put(codec, codec);
            h.set("cfaudit.sink." + codec + ".codec", codec);
        }
        sinks.put("ocsf-old", h.fileSink("ocsf-old", null));
        codecs.put("ocsf-old", "ocsf");
        h.set("cfaudit.sink.ocsf-old.codec", "ocsf");
        h.set("cfaudit.sink.ocsf-old.ocsf-version", "1.1.0");
        h.set("cfaudit.sink.ocsf-old.ocsf-raw-data", "true");
        sinks.put("ecs-original", h.fileSink("ecs-original", null));
        codecs.put("ecs-original", "ecs");
        h.set("cfaudit.sink.ecs-original.codec", "ecs");
        h.set("cfaudit.sink.ecs-original.ecs-event-original", "true");

        assertThat(h.runOnce()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));
        Map<String, List<String>> first = new LinkedHashMap<>();
        for (var sink : sinks.entrySet()) {
            String codec = codecs.get(sink.getKey());
            List<String> lines = AuditHarness.lines(sink.getValue());
            List<String> found = new ArrayList<>();
            for (String line : lines) {
                assertThat(RecordChecks.problems(codec, line))
                        .as(sink.getKey() + ": " + line)
                        .isEmpty();
                found.add(RecordChecks.id(codec, line));
            }
            assertThat(found).as(sink.getKey()).containsExactlyInAnyOrderElementsOf(ids);
            first.put(sink.getKey(), lines);
        }
        assertThat(AuditHarness.lines(sinks.get("ocsf-old")))
                .allSatisfy(l -> assertThat(AuditHarness.parse(l)
                                .path("metadata")
                                .path("version")
                                .asText())
                        .isEqualTo("1.1.0"));

        // the checkpoints are lost: every source reads every entry again (within the three pages' worth of ids the
        // file sink reads back from its files' last lines), and no sink writes one twice
        try (Stream<Path> state = Files.walk(h.dir.resolve("state"))) {
            for (Path p : state.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertThat(Files.exists(h.dir.resolve("state"))).isFalse();
        assertThat(h.runOnce()).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETE));
        for (var sink : sinks.entrySet()) {
            assertThat(AuditHarness.lines(sink.getValue())).as(sink.getKey()).isEqualTo(first.get(sink.getKey()));
        }
    }
}
