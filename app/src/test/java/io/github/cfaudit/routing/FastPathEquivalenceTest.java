package io.github.cfaudit.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.PageParser;
import io.github.cfaudit.config.SinkConfig;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.simulator.HostileEntries;
import io.github.cfaudit.simulator.SyntheticAuditData;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.SinkSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every predicate form with a fast path, evaluated both ways over the simulator's hostile entries (and ordinary
 * synthetic ones): the fast path, falling back to Camel where it cannot decide, selects exactly what Camel's own
 * evaluation selects, for every form and every entry. And the fast path does decide: not everything falls back.
 */
class FastPathEquivalenceTest {
    static final Instant FROM = Instant.parse("2026-11-20T00:00:00Z");
    static final String ORG = "a67e14daa5f8dceeb91fe5449ba496ef";

    /** The fast forms: Simple on body fields and headers, with &&/||, and the JsonPath filter forms. */
    static final List<String> FORMS = List.of(
            "${body[action][result]} == 'failure'",
            "${body[action][result]} != 'failure'",
            "${body[actor][type]} in 'user,system'",
            "${body[actor][type]} in 'user'",
            "${body[actor][email]} regex '.*@example.com'",
            "${body[actor][email]} regex 'alice.*'",
            "${body[actor][email]} contains 'example'",
            "${body[action][result]} == 'failure' && ${body[actor][type]} == 'user'",
            "${body[action][result]} == 'failure' || ${body[actor][type]} == 'user'",
            "${body[action][result]} != 'success' && ${body[actor][type]} in 'user,cloudflare_admin' && ${body[actor][email]} contains '@'",
            "${body[id]} == 'h03'",
            "${body[raw][status_code]} == '200'",
            "${header.CloudflareAuditSource} == 'org'",
            "${header.CloudflareAuditSource} != 'org'",
            "${header.CloudflareAuditSourceType} in 'organization,account'",
            "${header.CloudflareAuditEntryId} regex 'h0[0-4]'",
            "${headers.CloudflareAuditEntryId} == 'h05'",
            "${header.CloudflareAuditSource} == 'org' && ${body[action][result]} == 'failure'",
            "${header.CloudflareAuditSource} == 'other' || ${body[actor][type]} == 'user'",
            "jsonpath:$[?(@.action.result == 'failure')]",
            "jsonpath:$[?(@.action.result != 'failure')]",
            "jsonpath:$[?(@.actor.type == \"user\")]",
            "jsonpath:$[?(@.actor.type in ['user', 'system'])]",
            "jsonpath:$[?(@.actor.email =~ /.*@example\\.com/)]",
            "jsonpath:$[?(@.actor.email =~ /alice.*/i)]",
            "jsonpath:$[?(@.id == 'h03')]",
            "jsonpath:$[?(@.raw.status_code == '200')]",
            // JsonPath && and ||: Jayway's precedence (&& first), groups, whitespace as Jayway reads it
            "jsonpath:$[?(@.action.result == 'failure' && @.actor.type == 'user')]",
            "jsonpath:$[?(@.action.result == 'failure' || @.actor.type == 'user')]",
            "jsonpath:$[?(@.action.result != 'success' && @.actor.type in ['user', 'cloudflare_admin'] && @.actor.email =~ /.*@example\\.com/i)]",
            "jsonpath:$[?(@.action.result == 'failure' || @.actor.type in ['system'] || @.actor.email =~ /bob.*/)]",
            "jsonpath:$[?(@.action.result == 'failure' || @.actor.type == 'user' && @.actor.email =~ /alice.*/i)]",
            "jsonpath:$[?((@.action.result == 'failure' || @.actor.type == 'user') && @.actor.email =~ /alice.*/i)]",
            "jsonpath:$[?(@.action.result == 'failure' && (@.actor.type == 'user' || @.actor.type != 'system'))]",
            "jsonpath:$[?(@.action.result == 'success' && @.actor.type == 'user' || @.action.result == 'failure' && @.actor.type == 'system')]",
            "jsonpath:$[?(@.action.result=='failure'&&@.actor.type==\"user\")]",
            "jsonpath:$[?(  ( @.action.result == 'failure' )  ||  ( @.actor.type != 'user' )  )]",
            "jsonpath:$[?(@.actor.type == 'a) || (b' || @.action.result == 'fail,ure')]",
            // && and || with a field the entries lack, and with a field that is a number
            "jsonpath:$[?(@.actor.nickname == 'x' || @.action.result == 'failure')]",
            "jsonpath:$[?(@.actor.nickname != 'x' && @.actor.type == 'user')]",
            "jsonpath:$[?(@.actor.nickname =~ /.*/ && @.action.result != 'failure')]",
            "jsonpath:$[?(@.raw.status_code == '200' && @.actor.type == 'user')]",
            "jsonpath:$[?(@.actor.type == 'user' || @.raw.status_code != '403')]",
            // a field the entries' actor object lacks
            "${body[actor][nickname]} == 'x'",
            "${body[actor][nickname]} != 'x'",
            "${body[actor][nickname]} in 'x,y'",
            "${body[actor][nickname]} regex '.*'",
            "${body[actor][nickname]} contains 'x'",
            "jsonpath:$[?(@.actor.nickname == 'x')]",
            "jsonpath:$[?(@.actor.nickname != 'x')]",
            "jsonpath:$[?(@.actor.nickname in ['x'])]",
            "jsonpath:$[?(@.actor.nickname =~ /.*/)]",
            "jsonpath:$[?(@.actor.nickname =~ /x/)]");

    static CamelContext context;
    static List<String> entries;
    static final SourceConfig SOURCE = new SourceConfig(
            "org",
            AuditEndpoint.organization(ORG),
            "0 * * * * ?",
            new StartPosition.At(FROM),
            1000,
            Duration.ZERO,
            Duration.ZERO,
            10,
            Map.of());

    @BeforeAll
    static void start() {
        context = new DefaultCamelContext();
        context.start();
        List<String> raw = new ArrayList<>(HostileEntries.audit(FROM));
        SyntheticAuditData synthetic = new SyntheticAuditData(7);
        for (int i = 0; i < 200; i++) {
            raw.add(synthetic.organizationEntry(ORG, FROM.plusSeconds(100 + i)));
        }
        entries = List.copyOf(raw);
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
    }

    @Test
    void everyFormSelectsWhatCamelSelectsOnEveryEntry() {
        List<SinkRoute> routes = new ArrayList<>();
        for (int i = 0; i < FORMS.size(); i++) {
            SinkConfig sink = new SinkConfig("s" + i, "file", Optional.of(FORMS.get(i)), new SinkSettings() {});
            Predicate p = SinkPredicates.compile(context, sink);
            assertThat(((SinkPredicate) p).fast())
                    .as("fast form of %s", FORMS.get(i))
                    .isNotNull();
            routes.add(new SinkRoute(new NamedSink("s" + i), p));
        }
        EntrySelector selector = EntrySelector.of(SOURCE, routes);
        List<AuditEntry> parsed = parse(selector);
        assertThat(parsed).hasSize(entries.size());
        int decidedFast = 0;
        List<String> differences = new ArrayList<>();
        List<String> neverFast = new ArrayList<>();
        for (int i = 0; i < FORMS.size(); i++) {
            int before = decidedFast;
            for (AuditEntry entry : parsed) {
                boolean camel = camelSelects(routes.get(i).when(), entry);
                Boolean fast = selector.decide(i, entry);
                // a fresh entry for Camel's evaluation, so that nothing the fast path did can reach it
                boolean fallback = fast == null && camelSelects(routes.get(i).when(), reparse(entry));
                boolean ours = fast != null ? fast : fallback;
                if (fast != null) {
                    decidedFast++;
                }
                if (ours != camel) {
                    differences.add(FORMS.get(i) + " on "
                            + entry.json()
                                    .substring(0, Math.min(160, entry.json().length())) + ": fast " + fast + ", Camel "
                            + camel);
                }
            }
            if (decidedFast == before) {
                neverFast.add(FORMS.get(i));
            }
        }
        assertThat(differences).isEmpty();
        assertThat(neverFast).as("forms the fast path decides on no entry").isEmpty();
        // the fast path decides the ordinary entries of every form, not only a few
        assertThat(decidedFast).isGreaterThan(FORMS.size() * 200);
    }

    @Test
    void anEntryOneReachedTermCannotDecideIsLeftWhollyToCamel() {
        List<String> forms = List.of(
                "jsonpath:$[?(@.raw.status_code == '200' && @.actor.type == 'user')]",
                "jsonpath:$[?(@.actor.type == 'user' || @.raw.status_code != '403')]");
        List<SinkRoute> routes = new ArrayList<>();
        for (String when : forms) {
            SinkConfig sink = new SinkConfig("s" + routes.size(), "file", Optional.of(when), new SinkSettings() {});
            routes.add(new SinkRoute(new NamedSink(sink.name()), SinkPredicates.compile(context, sink)));
        }
        EntrySelector selector = EntrySelector.of(SOURCE, routes);
        Map<String, AuditEntry> byId = new HashMap<>();
        parse(selector).forEach(e -> byId.put(e.id(), e));
        // h00: actor user, status_code 403 (a number); h01: actor system, status_code 200 (a number)
        assertThat(selector.decide(0, byId.get("h00")))
                .as("number reached first")
                .isNull();
        assertThat(selector.decide(1, byId.get("h00")))
                .as("decided before the number")
                .isTrue();
        assertThat(selector.decide(1, byId.get("h01"))).as("number reached").isNull();
        // h24: status_code "200" (a string), actor user: decided
        assertThat(selector.decide(0, byId.get("h24"))).isTrue();
    }

    @Test
    void formsOutsideTheFastPathAreLeftToCamel() {
        for (String when : List.of(
                "${body[action][result]} =~ 'FAILURE'",
                "${body[raw][status_code]} == 200",
                "${body[action][result]} == 'a' && ${body[actor][type]} == 'b' || ${body[id]} == 'c'",
                "${body[action][result]} in 'a, b'",
                "${header.CloudflareAuditTime} == 'x'",
                "${body[action][result]} == '${header.x}'",
                "${body.length} > 3",
                "${body[action][result]} not in 'a,b'",
                "jsonpath:$[?(!(@.action.result == 'failure') && @.actor.type == 'user')]",
                "jsonpath:$[?(@.action.result == 'failure' || @.actor.nickname)]",
                "jsonpath:$[?(@.action.result == 'failure' && @.raw.status_code == 200)]",
                "jsonpath:$[?(@.action.result == 'failure' && @.actor.type == null)]",
                "jsonpath:$[?(@.action.result == 'failure' && @.actor.type IN ['user'])]",
                "jsonpath:$[?(@.action.result == 'failure' && @.actor.type nin ['user'])]",
                "jsonpath:$[?(@.action.result == 'failure' || @.actor.email =~ /alice/s)]",
                "jsonpath:$[?(@.action.result == 'failure' && @['actor']['type'] == 'user')]",
                "jsonpath:$.action[?(@.result == 'failure')]",
                "jsonpath:$[?(@.raw.status_code == 200)]",
                "jsonpath:$[?(@.action.result =~ /fail/x)]",
                "jsonpath:$[?(@['action']['result'] == 'failure')]")) {
            SinkPredicate p = (SinkPredicate) SinkPredicates.compile(
                    context, new SinkConfig("s", "file", Optional.of(when), new SinkSettings() {}));
            assertThat(p.fast()).as(when).isNull();
        }
    }

    static List<AuditEntry> parse(EntrySelector selector) {
        String page = "{\"success\":true,\"errors\":[],\"result\":[" + String.join(",", entries)
                + "],\"result_info\":{\"count\":\"" + entries.size() + "\"}}";
        return new PageParser(SOURCE.endpoint().family(), selector.capture())
                .parse(200, page.getBytes(StandardCharsets.UTF_8), "test")
                .entries();
    }

    static AuditEntry reparse(AuditEntry e) {
        return new AuditEntry(e.id(), e.time(), e.json().getBytes(StandardCharsets.UTF_8));
    }

    /** As the source pipeline asks Camel: the entry as body, the entry headers; a failure does not select. */
    static boolean camelSelects(Predicate p, AuditEntry entry) {
        Exchange probe = new DefaultExchange(context);
        EntryHeaders.set(probe.getMessage(), SOURCE, entry);
        probe.getMessage().setBody(entry);
        try {
            return p.matches(probe);
        } catch (RuntimeException e) {
            return false;
        }
    }

    record NamedSink(String name) implements AuditSink {
        @Override
        public PageBatch newBatch(SourceConfig source) {
            throw new UnsupportedOperationException();
        }
    }
}
