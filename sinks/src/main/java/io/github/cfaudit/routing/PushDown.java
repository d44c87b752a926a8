package io.github.cfaudit.routing;

import io.github.cfaudit.cloudflare.EndpointFamily;
import io.github.cfaudit.cloudflare.FilterParameters;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.routing.FastPredicate.Constant;
import io.github.cfaudit.routing.FastPredicate.FieldCompare;
import io.github.cfaudit.routing.FastPredicate.Logical;
import io.github.cfaudit.routing.FastPredicate.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filter push-down: when every sink a source feeds has a predicate, and the union of what they select is exactly a
 * set the endpoint's own filters can ask for (repeated values of one key are alternatives, different keys all apply),
 * the source asks the API only for that set. The sinks' predicates are still evaluated on what arrives; this only
 * spares the pages (and the token's budget) that no sink would take. Never applied when a sink takes every entry,
 * when a predicate has no fast form or compares otherwise than by equality, or when the union is not exact.
 */
public final class PushDown {
    private static final Logger LOG = LoggerFactory.getLogger(PushDown.class);

    /**
     * Entry fields of the audit-log v2 entries and the filter that asks for them (shared/cloudflare-api): the
     * {@code a.b} field is the {@code a_b} filter. {@code raw.status_code} is a number in the entry and is left out.
     */
    private static final Set<String> V2_FIELDS = Set.of(
            "id",
            "action.result",
            "action.type",
            "actor.context",
            "actor.email",
            "actor.id",
            "actor.ip_address",
            "actor.token_id",
            "actor.token_name",
            "actor.type",
            "raw.cf_ray_id",
            "raw.method",
            "raw.uri",
            "resource.id",
            "resource.product",
            "resource.scope",
            "resource.type",
            "account.name",
            "zone.id",
            "zone.name");

    private static final Set<String> INSIGHT_FIELDS = Set.of("field_changed", "changed_by");

    /**
     * Entry fields of the audit-log v1 entries whose filter has the field's own dotted name. {@code zone.name} is
     * left out: a v1 entry has no such field (the zone is somewhere in its {@code metadata}).
     */
    private static final Set<String> V1_FIELDS = Set.of("id", "action.type", "actor.ip", "actor.email");

    private PushDown() {}

    /** The source asking for what its sinks select, logged, or the source unchanged. */
    public static SourceConfig apply(SourceConfig source, List<SinkRoute> sinks, EntrySelector selector) {
        if (!source.pushDown()) {
            return source;
        }
        List<String> fed = new ArrayList<>();
        Map<String, List<String>> pushed = plan(source, sinks, selector, fed);
        if (pushed == null) {
            return source;
        }
        Map<String, List<String>> filters = new LinkedHashMap<>(source.filters());
        filters.putAll(pushed);
        LOG.info(
                "source {}: asking the API only for {} (pushed down from sinks {})",
                source.name(),
                describe(pushed),
                String.join(", ", fed));
        return source.withFilters(filters);
    }

    /** The filters to add, or null when push-down does not apply; {@code fed} receives the sinks it comes from. */
    static Map<String, List<String>> plan(
            SourceConfig source, List<SinkRoute> sinks, EntrySelector selector, List<String> fed) {
        List<Map<String, Set<String>>> union = new ArrayList<>();
        for (int i = 0; i < sinks.size(); i++) {
            if (sinks.get(i).when() == null) {
                return null;
            }
            FastPredicate f = selector.fastForm(i);
            if (f instanceof Constant c && !c.value()) {
                continue; // this source feeds no entry to the sink
            }
            List<Map<String, Set<String>>> alternatives = f == null ? null : alternatives(f, source.type());
            if (alternatives == null) {
                return null;
            }
            union.addAll(alternatives);
            fed.add(sinks.get(i).sink().name());
        }
        Map<String, Set<String>> merged = merge(union);
        if (merged == null || merged.isEmpty()) {
            return null;
        }
        Map<String, FilterParameters.Parameter> declared = FilterParameters.of(source.type());
        Map<String, List<String>> pushed = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : merged.entrySet()) {
            // only a parameter the endpoint declares, with values its schema accepts (else the API answers 400)
            FilterParameters.Parameter parameter = declared.get(e.getKey());
            if (parameter == null
                    || parameter.exclusion()
                    || parameter.deprecated()
                    || source.filters().containsKey(e.getKey())
                    || e.getValue().stream().anyMatch(v -> parameter.problem(v).isPresent())
                    || !FilterParameters.repeatable(source.type())
                            && e.getValue().size() > 1) {
                LOG.debug("source {}: no push-down: {} cannot be asked as {}", source.name(), e.getKey(), e.getValue());
                return null;
            }
            pushed.put(e.getKey(), List.copyOf(e.getValue()));
        }
        return pushed;
    }

    /** The predicate as a union of filter sets (each: filter name to its alternatives), or null when it is none. */
    private static List<Map<String, Set<String>>> alternatives(FastPredicate f, SourceType type) {
        if (f instanceof FieldCompare c && (c.op() == Op.EQ || c.op() == Op.IN)) {
            String filter = filterName(c.path(), type);
            return filter == null ? null : List.of(Map.of(filter, new LinkedHashSet<>(c.values())));
        }
        if (f instanceof Logical l && !l.and()) {
            List<Map<String, Set<String>>> all = new ArrayList<>();
            for (FastPredicate t : l.terms()) {
                List<Map<String, Set<String>>> a = alternatives(t, type);
                if (a == null) {
                    return null;
                }
                all.addAll(a);
            }
            return all;
        }
        if (f instanceof Logical l) {
            Map<String, Set<String>> product = new LinkedHashMap<>();
            for (FastPredicate t : l.terms()) {
                List<Map<String, Set<String>>> a = alternatives(t, type);
                if (a != null && a.size() > 1) {
                    // a JsonPath group such as (@.b == 'p' || @.b == 'q') inside the &&: one set when merged exactly
                    Map<String, Set<String>> one = merge(a);
                    a = one == null ? null : List.of(one);
                }
                if (a == null || a.size() != 1) {
                    return null;
                }
                for (Map.Entry<String, Set<String>> e : a.get(0).entrySet()) {
                    Set<String> both = new LinkedHashSet<>(e.getValue());
                    if (product.containsKey(e.getKey())) {
                        both.retainAll(product.get(e.getKey()));
                        if (both.isEmpty()) {
                            return null;
                        }
                    }
                    product.put(e.getKey(), both);
                }
            }
            return List.of(product);
        }
        return null;
    }

    /**
     * The union of filter sets as one filter set, when it is exactly one: sets inside another drop out, and the rest
     * must agree on every key but one, whose alternatives are then joined. Null otherwise.
     */
    static Map<String, Set<String>> merge(List<Map<String, Set<String>>> union) {
        List<Map<String, Set<String>>> kept = new ArrayList<>();
        for (int i = 0; i < union.size(); i++) {
            boolean inside = false;
            for (int j = 0; j < union.size() && !inside; j++) {
                // a set inside another, or equal to one seen before, adds nothing
                inside = j != i
                        && contains(union.get(j), union.get(i))
                        && (!contains(union.get(i), union.get(j)) || j < i);
            }
            if (!inside) {
                kept.add(union.get(i));
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        Map<String, Set<String>> first = kept.get(0);
        String differing = null;
        for (Map<String, Set<String>> other : kept.subList(1, kept.size())) {
            if (!other.keySet().equals(first.keySet())) {
                return null;
            }
            for (String key : first.keySet()) {
                if (!first.get(key).equals(other.get(key))) {
                    if (differing != null && !differing.equals(key)) {
                        return null;
                    }
                    differing = key;
                }
            }
        }
        Map<String, Set<String>> merged = new LinkedHashMap<>();
        first.forEach((k, v) -> merged.put(k, new LinkedHashSet<>(v)));
        if (differing != null) {
            for (Map<String, Set<String>> other : kept) {
                merged.get(differing).addAll(other.get(differing));
            }
        }
        return merged;
    }

    /** Whether every entry of filter set {@code inner} is in {@code outer} (a key outer lacks: any value). */
    private static boolean contains(Map<String, Set<String>> outer, Map<String, Set<String>> inner) {
        for (Map.Entry<String, Set<String>> e : outer.entrySet()) {
            Set<String> in = inner.get(e.getKey());
            if (in == null || !e.getValue().containsAll(in)) {
                return false;
            }
        }
        return true;
    }

    private static String filterName(List<String> path, SourceType type) {
        String dotted = String.join(".", path);
        if (type == SourceType.INSIGHT) {
            return INSIGHT_FIELDS.contains(dotted) ? dotted : null;
        }
        if (type.family() == EndpointFamily.AUDIT_LOGS_V1) {
            return V1_FIELDS.contains(dotted) ? dotted : null;
        }
        return V2_FIELDS.contains(dotted) && FilterParameters.of(type).containsKey(dotted.replace('.', '_'))
                ? dotted.replace('.', '_')
                : null;
    }

    /** {@code action_result=failure&actor_type=user}, as the query asks. */
    private static String describe(Map<String, List<String>> filters) {
        StringJoiner j = new StringJoiner("&");
        filters.forEach((k, values) -> values.forEach(v -> j.add(k + "=" + v)));
        return j.toString();
    }
}
