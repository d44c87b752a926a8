package io.github.cfaudit.sink.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.SyntheticAuditData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Realistic entries put into the simulator, remembered as id to the exact JSON served, in time order. */
final class TestEntries {
    static final ObjectMapper JSON = new ObjectMapper();

    private TestEntries() {}

    /** {@code n} account entries evenly over [from, to); pick a span that makes the spacing whole seconds. */
    static Map<String, String> account(CloudflareApiSimulator sim, String accountId, int n, Instant from, Instant to) {
        SyntheticAuditData data = new SyntheticAuditData(n * 31L + from.getEpochSecond());
        Map<String, String> entries = new LinkedHashMap<>();
        Duration step = Duration.between(from, to).dividedBy(n);
        for (int i = 0; i < n; i++) {
            String json = data.accountEntry(accountId, from.plus(step.multipliedBy(i)));
            sim.addAccountEntry(accountId, json);
            entries.put(id(json), json);
        }
        return entries;
    }

    static Map<String, String> organization(CloudflareApiSimulator sim, String orgId, int n, Instant from, Instant to) {
        SyntheticAuditData data = new SyntheticAuditData(n * 17L + from.getEpochSecond());
        Map<String, String> entries = new LinkedHashMap<>();
        Duration step = Duration.between(from, to).dividedBy(n);
        for (int i = 0; i < n; i++) {
            String json = data.organizationEntry(orgId, from.plus(step.multipliedBy(i)));
            sim.addOrganizationEntry(orgId, json);
            entries.put(id(json), json);
        }
        return entries;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    static String id(String json) {
        return parse(json).get("id").asText();
    }

    static Instant time(String json) {
        return Instant.parse(parse(json).get("action").get("time").asText());
    }
}
