package io.github.cfaudit.component;

import java.time.Instant;

/** A small hand-made audit-log v2 entry whose id and time a test controls (the app's test support has more kinds). */
final class Entries {
    private Entries() {}

    static String audit(String id, Instant time) {
        return "{\"id\":\"" + id + "\",\"action\":{\"description\":\"test\",\"result\":\"success\",\"time\":\"" + time
                + "\",\"type\":\"update\"},\"actor\":{\"email\":\"alice@example.com\",\"id\":\"u1\","
                + "\"ip_address\":\"192.0.2.1\",\"type\":\"user\",\"context\":\"api_token\"},"
                + "\"resource\":{\"id\":\"r1\",\"product\":\"dns\",\"scope\":\"accounts\",\"type\":\"dns_record\"},"
                + "\"raw\":{\"method\":\"POST\",\"status_code\":200,\"uri\":\"/x\",\"cf_ray_id\":\"8e8dd\"}}";
    }
}
