package io.github.cfaudit.securitylake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.formats.OcsfFormat;
import io.github.cfaudit.formats.OcsfVersion;

/**
 * The row of an entry the OCSF mapping failed on (a defect, counted in the run's report): the class's required
 * attributes, activity Other, and the entry as Cloudflare sent it in {@code raw_data}. An entry is never dropped, and
 * a Parquet object cannot hold a line of another format, as an NDJSON object does.
 */
final class Fallback {
    private Fallback() {}

    static ObjectNode record(AuditEntry entry, SourceType type, OcsfVersion version) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        int uid = OcsfFormat.classUid(type);
        boolean api = uid == OcsfFormat.API_ACTIVITY;
        r.put("activity_id", 99).put("activity_name", "Other");
        r.put("category_uid", api ? 6 : 3);
        r.put("category_name", api ? "Application Activity" : "Identity & Access Management");
        r.put("class_uid", uid).put("class_name", api ? "API Activity" : "Entity Management");
        r.put("type_uid", uid * 100L + 99).put("type_name", (api ? "API Activity" : "Entity Management") + ": Other");
        r.put("severity_id", 1).put("severity", "Informational");
        r.put("time", entry.time().toEpochMilli());
        if (api) {
            r.putObject("src_endpoint").put("name", "unknown");
            r.putObject("api").put("operation", "unknown");
        } else {
            r.putObject("entity").put("name", "Security Center insight").put("type", "Security Center Insight");
        }
        r.putObject("cloud").put("provider", "Cloudflare");
        ObjectNode m = r.putObject("metadata");
        m.put("version", version.id());
        m.putObject("product").put("vendor_name", "Cloudflare").put("name", api ? "Audit Logs" : "Security Center");
        m.put("uid", entry.id()).put("log_name", type.configName());
        m.putArray("profiles").add("cloud");
        r.put("raw_data", entry.json());
        return r;
    }
}
