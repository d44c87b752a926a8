package io.github.cfaudit.simulator;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code GET /accounts/{id}/audit_logs} and {@code GET /user/audit_logs} (audit logs v1, shared/cloudflare-api/
 * v1-audit-logs.openapi.json): page-number paging ({@code page} from 1, {@code per_page} 1..1000, default 100),
 * {@code direction} (default desc), {@code since} (inclusive) and {@code before} (exclusive), each optional,
 * {@code YYYY-MM-DD} or RFC 3339; the scalar filters {@code id}, {@code action.type}, {@code actor.ip} (an address or
 * a CIDR range), {@code actor.email}, {@code zone.name} and {@code hide_user_logs}. Each filter takes one value. A page
 * after the last one answers HTTP 400, as reported for the real API (or, switched, an empty page).
 *
 * <p>Approximations: {@code zone.name} matches {@code metadata.zone_name}; {@code hide_user_logs=true} hides, on the
 * account endpoint, the entries whose {@code owner.id} is not the account (a user's own logs); {@code export=true}
 * (CSV) is answered 400, the simulator speaks JSON only.
 */
final class AuditLogV1Endpoint {

    private static final Set<String> ALLOWED = Set.of(
            "page",
            "per_page",
            "direction",
            "since",
            "before",
            "export",
            "id",
            "action.type",
            "actor.ip",
            "actor.email",
            "zone.name",
            "hide_user_logs");
    private static final Set<String> DIRECTIONS = Set.of("asc", "desc");
    private static final Set<String> BOOLEANS = Set.of("true", "false");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.][^@\\s]*");

    private AuditLogV1Endpoint() {}

    /** {@code accountId}: the account read, null for the user endpoint. */
    static SimResponse handle(
            Map<String, List<String>> raw,
            NavigableMap<EntryKey, StoredEntry> scope,
            String accountId,
            PagingSwitches sw) {
        Params params = new Params(raw);
        params.requireKnown(ALLOWED);
        for (String name : raw.keySet()) {
            params.single(name); // every parameter of v1 is a scalar
        }
        Instant since = params.time("since", false, true);
        Instant before = params.time("before", false, true);
        if (since != null && before != null && since.isAfter(before)) {
            throw ApiError.badRequest("'since' must not be after 'before'");
        }
        boolean asc = "asc".equals(params.oneOf("direction", DIRECTIONS, "desc"));
        int perPage = params.intInRange("per_page", 1, 1000, 100);
        int page = params.intInRange("page", 1, 999_999_999, 1);
        if ("true".equals(params.oneOf("export", BOOLEANS, "false"))) {
            throw ApiError.badRequest("export=true (CSV) is not served by the simulator");
        }
        boolean hideUserLogs = "true".equals(params.oneOf("hide_user_logs", BOOLEANS, "false"));
        Predicate<StoredEntry> filter = filter(params, accountId, hideUserLogs);

        NavigableMap<EntryKey, StoredEntry> view = scope;
        if (since != null) {
            view = view.tailMap(EntryKey.lowest(since), true);
        }
        if (before != null) {
            view = view.headMap(EntryKey.lowest(before), false);
        }
        List<StoredEntry> matching = new ArrayList<>();
        for (StoredEntry e : (asc ? view : view.descendingMap()).values()) {
            if (filter.test(e)) {
                matching.add(e);
            }
        }
        int size = sw.effectivePageSize(perPage);
        int total = matching.size();
        int totalPages = (total + size - 1) / size;
        if (page > 1 && page > totalPages) {
            if (sw.v1PastTheEndEmpty()) {
                return SimResponse.json(200, Json.v1Success(List.of(), page, size, total, totalPages, sw.v1Totals()));
            }
            throw new ApiError(400, 1005, "page " + page + " is past the last page (" + totalPages + ")");
        }
        int from = Math.min(total, (page - 1) * size);
        List<String> raws = new ArrayList<>();
        for (StoredEntry e : matching.subList(from, Math.min(total, from + size))) {
            raws.add(e.raw());
        }
        if (sw.repeatEarlier() > 0 && page > 1) {
            matching.stream().limit(sw.repeatEarlier()).forEach(e -> raws.add(e.raw()));
        }
        if (sw.outsideWindow()) {
            if (since != null) {
                var below = scope.lowerEntry(EntryKey.lowest(since));
                if (below != null) {
                    raws.add(below.getValue().raw());
                }
            }
            if (before != null) {
                var above = scope.ceilingEntry(EntryKey.lowest(before));
                if (above != null) {
                    raws.add(above.getValue().raw());
                }
            }
        }
        return SimResponse.json(200, Json.v1Success(raws, page, size, total, totalPages, sw.v1Totals()));
    }

    private static Predicate<StoredEntry> filter(Params params, String accountId, boolean hideUserLogs) {
        List<Predicate<StoredEntry>> parts = new ArrayList<>();
        equal(parts, "id", params.single("id"));
        equal(parts, "action.type", params.single("action.type"));
        String email = params.single("actor.email");
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiError.badRequest("invalid value '" + email + "' for 'actor.email', expected an e-mail address");
        }
        equal(parts, "actor.email", email);
        equal(parts, "metadata.zone_name", params.single("zone.name"));
        String ip = params.single("actor.ip");
        if (ip != null) {
            Cidr range = Cidr.parse(ip);
            parts.add(e -> range.contains(e.field("actor.ip")));
        }
        if (hideUserLogs && accountId != null) {
            parts.add(e -> accountId.equals(e.field("owner.id")));
        }
        return e -> parts.stream().allMatch(p -> p.test(e));
    }

    private static void equal(List<Predicate<StoredEntry>> parts, String path, String value) {
        if (value != null) {
            parts.add(e -> value.equals(e.field(path)));
        }
    }

    /** An address or a CIDR range of IPv4 or IPv6 addresses, as {@code actor.ip} takes it. */
    private record Cidr(BigInteger network, int bits, int length) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw ApiError.badRequest(
                        "invalid value '" + text + "' for 'actor.ip', expected an IP address or a " + "CIDR range");
            }
            int length = bytes.length * 8;
            int bits = length;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > length) {
                    throw ApiError.badRequest("invalid CIDR range '" + text + "' for 'actor.ip'");
                }
            }
            return new Cidr(new BigInteger(1, bytes).shiftRight(length - bits), bits, length);
        }

        boolean contains(String ip) {
            byte[] bytes = ip == null ? null : literal(ip);
            return bytes != null
                    && bytes.length * 8 == length
                    && new BigInteger(1, bytes).shiftRight(length - bits).equals(network);
        }

        /** The bytes of an IP literal, never looking a name up; null when it is none. */
        private static byte[] literal(String s) {
            if (!s.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                return null;
            }
            try {
                return InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
