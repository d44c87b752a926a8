package io.github.cfaudit.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit-log v2 entries that are valid JSON with an id and an event time, but otherwise what a careless reader gets
 * wrong: escaped and odd characters, repeated keys, fields of the wrong type or missing, objects where strings belong,
 * values that look like each other but are not, a pretty-printed entry. Each has an id ({@code h00}, {@code h01}, ...)
 * and a time one second after the previous one. Used to hold predicate fast paths to Camel's own evaluation.
 */
public final class HostileEntries {
    private HostileEntries() {}

    /** The entries, in time order from {@code from}. */
    public static List<String> audit(Instant from) {
        String[] bodies = {
            // well-formed, the usual combinations
            "\"action\":{\"result\":\"failure\",\"type\":\"delete\"},\"actor\":{\"type\":\"user\",\"email\":\"alice@example.com\"},\"raw\":{\"status_code\":403}",
            "\"action\":{\"result\":\"success\",\"type\":\"update\"},\"actor\":{\"type\":\"system\",\"email\":\"bob@example.com\"},\"raw\":{\"status_code\":200}",
            "\"action\":{\"result\":\"failure\",\"type\":\"create\"},\"actor\":{\"type\":\"cloudflare_admin\",\"email\":\"carol@example.net\"}",
            "\"action\":{\"result\":\"success\",\"type\":\"view\"},\"actor\":{\"type\":\"user\",\"email\":\"ALICE@EXAMPLE.COM\"}",
            // escapes that decode to the plain value, and look-alikes that do not
            "\"action\":{\"result\":\"fail\\u0075re\"},\"actor\":{\"type\":\"\\u0075ser\",\"email\":\"alice\\u0040example.com\"}",
            "\"action\":{\"result\":\"Failure\"},\"actor\":{\"type\":\"USER\"}",
            "\"action\":{\"result\":\" failure\"},\"actor\":{\"type\":\"user \"}",
            "\"action\":{\"result\":\"failure\\n\"},\"actor\":{\"type\":\"us\\ter\"}",
            "\"action\":{\"result\":\"fail,ure\"},\"actor\":{\"type\":\"user,system\"}",
            "\"action\":{\"result\":\"fa.lure\"},\"actor\":{\"type\":\"\"}",
            "\"action\":{\"result\":\"failure\\u0000\"},\"actor\":{\"type\":\"\\u202Euser\"}",
            "\"action\":{\"result\":\"\\\"failure\\\"\"},\"actor\":{\"type\":\"'user'\"}",
            "\"action\":{\"result\":\"fa\\\\ilure\"},\"actor\":{\"email\":\"lone \\ud800 and pair \\ud83d\\ude00\"}",
            // repeated keys: the last one counts
            "\"action\":{\"result\":\"success\",\"result\":\"failure\"},\"actor\":{\"type\":\"system\"},\"actor\":{\"type\":\"user\"}",
            "\"action\":{\"result\":\"failure\",\"result\":\"success\"},\"actor\":{\"type\":\"user\"},\"actor\":\"user\"",
            "\"actor\":\"user\",\"actor\":{\"type\":\"user\"},\"action\":{\"result\":\"failure\"}",
            // wrong types, missing fields
            "\"action\":{\"result\":null},\"actor\":null",
            "\"action\":{\"result\":1},\"actor\":{\"type\":true}",
            "\"action\":{\"result\":false},\"actor\":{\"type\":0}",
            "\"action\":{\"result\":{\"value\":\"failure\"}},\"actor\":{\"type\":[\"user\"]}",
            "\"action\":{\"result\":[\"failure\"]},\"actor\":[{\"type\":\"user\"}]",
            "\"action\":{},\"actor\":{}",
            "\"action\":{\"type\":\"update\"}",
            "\"actor\":{\"type\":\"user\"},\"action.result\":\"failure\"",
            "\"raw\":{\"status_code\":\"200\"},\"actor\":{\"type\":\"user\",\"email\":null}",
            "\"raw\":{\"status_code\":200.0},\"actor\":{\"type\":\"user\",\"email\":12}",
            // big and nested content around the fields read
            "\"resource\":{\"request\":{\"a\":[1,{\"b\":\"failure\"}],\"result\":\"failure\"}},\"action\":{\"result\":\"failure\","
                    + "\"description\":\"" + "x".repeat(20_000)
                    + "\"},\"actor\":{\"type\":\"user\",\"extra\":{\"type\":\"system\"}}",
        };
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            entries.add(entry(String.format("h%02d", i), from.plusSeconds(i), bodies[i]));
        }
        // one entry spread over several lines, as a pretty-printing API would send it
        entries.add("{\n  \"id\" : \"h" + bodies.length
                + "\",\n  \"action\" : {\n    \"result\" : \"failure\",\n    \"time\" : \""
                + from.plusSeconds(bodies.length) + "\"\n  },\n  \"actor\" : { \"type\" : \"user\" }\n}");
        return entries;
    }

    /**
     * Audit-log v1 entries ({@code when} at the top level, {@code action.result} a boolean) in time order from
     * {@code from}, ids {@code v00}, {@code v01}, ...: escapes, look-alikes, repeated keys, wrong types, other
     * RFC 3339 forms of {@code when}, a field named like a path, big metadata, and a pretty-printed entry.
     */
    public static List<String> v1(Instant from) {
        String[] bodies = {
            "\"action\":{\"result\":true,\"type\":\"change_setting\"},\"actor\":{\"type\":\"user\",\"ip\":\"192.0.2.1\"}",
            "\"action\":{\"result\":false,\"type\":\"login\"},\"actor\":{\"type\":\"Cloudflare\",\"email\":\"alice@example.com\"}",
            "\"action\":{\"result\":\"true\",\"type\":\"ad\\u0064\"},\"actor\":{\"email\":\"alice\\u0040example.com\"}",
            "\"action\":{\"result\":null,\"type\":null},\"actor\":null,\"metadata\":null",
            "\"action\":\"add\",\"actor\":[\"user\"],\"owner\":{\"id\":42}",
            "\"action\":{\"result\":true,\"result\":false},\"actor\":{\"type\":\"admin\"},\"actor\":{\"type\":\"user\"}",
            "\"action.type\":\"delete\",\"actor.ip\":\"203.0.113.9\",\"action\":{}",
            "\"newValue\":\"tab\\t nl\\n nul\\u0000 \\\"q\\\" ] } \\\\\",\"oldValue\":{\"nested\":[1,2,{\"when\":\"1970-01-01T00:00:00Z\"}]}",
            "\"interface\":\"\u202Eevil\u202C lone \\ud800 pair \\ud83d\\ude00\",\"resource\":{\"id\":\"../../../etc/passwd\",\"type\":\"a/b\"}",
            "\"metadata\":{\"zone_name\":\"example.com\",\"blob\":\"" + "m".repeat(50_000) + "\"}",
        };
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            Instant t = from.plusSeconds(i);
            // the other forms RFC 3339 allows: an offset, a fraction
            String when = i == 3
                    ? java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                            t.atOffset(java.time.ZoneOffset.ofHours(2)))
                    : i == 4 ? t.plusMillis(250).toString() : t.toString();
            entries.add("{\"id\":\"" + String.format("v%02d", i) + "\"," + bodies[i] + ",\"when\":\"" + when + "\"}");
        }
        entries.add("{\n  \"id\" : \"v" + bodies.length + "\",\n  \"action\" : { \"result\" : true },\n  \"when\" : \""
                + from.plusSeconds(bodies.length) + "\"\n}");
        return entries;
    }

    /** {@code body} holds the entry's other fields; {@code action.time} is added to its {@code action} object. */
    private static String entry(String id, Instant time, String body) {
        String stamp = "\"time\":\"" + time + "\"";
        String withTime;
        int action = body.lastIndexOf("\"action\":{");
        if (action >= 0) {
            int open = action + "\"action\":{".length();
            withTime = body.substring(0, open) + stamp + (body.charAt(open) == '}' ? "" : ",") + body.substring(open);
        } else {
            withTime = body + ",\"action\":{" + stamp + "}";
        }
        return "{\"id\":\"" + id + "\"," + withTime + "}";
    }
}
