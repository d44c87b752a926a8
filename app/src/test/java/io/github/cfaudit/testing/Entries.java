package io.github.cfaudit.testing;

import java.time.Instant;

/** Small hand-made entries whose fields a test controls. */
public final class Entries {
    private Entries() {}

    /** An audit-log v2 entry (organization or account). */
    public static String audit(String id, Instant time, String type, String result, String email) {
        return "{\"id\":\"" + id + "\",\"action\":{\"description\":\"test\",\"result\":\"" + result + "\",\"time\":\""
                + time + "\",\"type\":\"" + type + "\"},\"actor\":{\"email\":\"" + email + "\",\"id\":\"u1\","
                + "\"ip_address\":\"192.0.2.1\",\"type\":\"user\",\"context\":\"api_token\"},"
                + "\"resource\":{\"id\":\"r1\",\"product\":\"dns\",\"scope\":\"accounts\",\"type\":\"dns_record\"},"
                + "\"raw\":{\"method\":\"POST\",\"status_code\":200,\"uri\":\"/x\",\"cf_ray_id\":\"8e8dd\"}}";
    }

    public static String audit(String id, Instant time) {
        return audit(id, time, "update", "success", "alice@example.com");
    }

    /** An audit-log v1 entry (account or user): {@code when} at the top level, {@code action.result} a boolean. */
    public static String v1(String id, Instant time, String type, String email, String ip, String owner) {
        return "{\"id\":\"" + id + "\",\"action\":{\"result\":true,\"type\":\"" + type + "\"},\"actor\":{\"email\":\""
                + email + "\",\"id\":\"u1\",\"ip\":\"" + ip + "\",\"type\":\"user\"},\"interface\":\"API\","
                + "\"metadata\":{\"zone_name\":\"example.com\"},\"newValue\":\"low\",\"oldValue\":\"high\","
                + "\"owner\":{\"id\":\"" + owner + "\"},\"resource\":{\"id\":\"r1\",\"type\":\"zone\"},\"when\":\""
                + time
                + "\"}";
    }

    public static String v1(String id, Instant time) {
        return v1(id, time, "change_setting", "alice@example.com", "192.0.2.1", "023e105f4ecef8ad9ca31a8372d0c353");
    }

    /** A Security Center insight change. */
    public static String insight(String id, Instant time, String issueId, String field) {
        return "{\"id\":\"" + id + "\",\"changed_at\":\"" + time + "\",\"changed_by\":\"system\",\"field_changed\":\""
                + field + "\",\"previous_value\":\"active\",\"current_value\":\"resolved\",\"rationale\":null,"
                + "\"issue_id\":\"" + issueId + "\"}";
    }
}
