package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryShapeTest {
    @Test
    void realisticEntriesHaveTheirShape() {
        TestEntries.synthetic(200)
                .forEach((type, entries) -> entries.forEach(e ->
                        assertThat(EntryShape.deviations(e, type)).as(e.json()).isEmpty()));
    }

    @Test
    void deviationsAreNamed() {
        long deviating = TestEntries.hostileAudit().stream()
                .filter(e -> !EntryShape.deviations(e, SourceType.ACCOUNT).isEmpty())
                .count();
        assertThat(deviating).isGreaterThan(20);
        // {"action":{"result":1},"actor":{"type":true}}
        AuditEntry h = TestEntries.hostileAudit().get(17);
        assertThat(EntryShape.deviations(h, SourceType.ACCOUNT))
                .contains("action.type is missing", "actor.type is not a string")
                .anyMatch(d -> d.startsWith("action.result is not one of "));
        List<AuditEntry> insights = TestEntries.hostileInsight();
        for (int i = 0; i < insights.size(); i++) {
            // entry 3 has odd text but the documented types: it has the shape
            assertThat(EntryShape.deviations(insights.get(i), SourceType.INSIGHT)
                            .isEmpty())
                    .as("insight %d", i)
                    .isEqualTo(i == 3);
        }
    }
}
