package io.github.cfaudit.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The formats module's test entries and OCSF validator (its test-jar), for the Parquet tests. */
public final class LakeTestEntries {
    private LakeTestEntries() {}

    /** The realistic, hostile and nasty entries the format tests use, of {@code type}. */
    public static List<AuditEntry> of(SourceType type, int synthetic) {
        List<AuditEntry> out = new ArrayList<>();
        for (Map.Entry<AuditEntry, SourceType> e : TestEntries.all(synthetic)) {
            if (e.getValue() == type) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** The problems of an OCSF record against the definitions of the version it declares; empty when it validates. */
    public static List<String> ocsfProblems(JsonNode record) {
        return OcsfValidator.validate(record);
    }
}
