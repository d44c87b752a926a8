package io.github.cfaudit.config;

import io.github.cfaudit.cloudflare.FilterParameters;
import io.github.cfaudit.cloudflare.SourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The options of a source, {@code cfaudit.source.<name>.*}: those of every source, then those of each type. */
public final class SourceOptions {
    public static final Option<String> TYPE = Option.choice(
                    "type",
                    null,
                    List.of("organization", "account", "insight", "account-v1", "user-v1"),
                    "`organization` (organization audit logs v2), `account` (account audit logs v2), `insight` (Security "
                            + "Center insight audit log), `account-v1` (account audit logs v1) or `user-v1` (audit logs "
                            + "v1 of the token's own user)")
            .defaultText("required");
    public static final Option<String> ORGANIZATION_ID = Option.text(
                    "organization-id",
                    "Cloudflare id",
                    null,
                    "1 to 128 letters, digits, `-` or `_`",
                    "the organization id")
            .defaultText("required");
    public static final Option<String> ACCOUNT_ID = Option.text(
                    "account-id",
                    "Cloudflare id",
                    null,
                    "1 to 128 letters, digits, `-` or `_`",
                    "the account id (for `insight`: this or `zone-id`; also `account-v1`)")
            .defaultText("required");
    public static final Option<String> ZONE_ID = Option.text(
            "zone-id",
            "Cloudflare id",
            null,
            "1 to 128 letters, digits, `-` or `_`",
            "the zone id (for `insight`: this or `account-id`)");
    public static final Option<String> ISSUE_ID = Option.text(
                    "issue-id",
                    "Cloudflare id",
                    null,
                    "1 to 128 letters, digits, `-` or `_`",
                    "one insight's audit log instead of the all-insights audit log")
            .defaultText("— (all insights)");
    public static final Option<String> SCHEDULE = Option.text(
            "schedule",
            "cron",
            SourceConfig.DEFAULT_SCHEDULE,
            "Quartz cron expression (6 or 7 fields)",
            "when it runs (default every minute); a run never overlaps the " + "previous run of the same source");
    public static final Option<String> START = Option.text(
            "start",
            "instant or duration",
            Option.iso(SourceConfig.DEFAULT_START),
            "an instant (`2026-11-01T00:00:00Z`) or a duration back from now " + "(`P7D`)",
            "where a source without checkpoint begins");
    public static final Option<Integer> PAGE_SIZE = Option.integer(
            "page-size",
            SourceConfig.MAX_PAGE_SIZE,
            1,
            SourceConfig.MAX_PAGE_SIZE,
            "entries asked per page (`limit`, or `per_page` for `insight` and the v1 types)");
    public static final Option<Duration> SETTLE = Option.duration(
            "settle",
            SourceConfig.DEFAULT_SETTLE,
            Duration.ZERO,
            "the window ends this long before now, so entries still being written are not skipped");
    public static final Option<Duration> LOOKBACK = Option.duration(
            "lookback",
            SourceConfig.DEFAULT_LOOKBACK,
            Duration.ZERO,
            "each run re-reads this much before the watermark; entries already delivered are dropped "
                    + "by id, late arrivals get through");
    public static final Option<Integer> MAX_PAGES = Option.integer(
            "max-pages",
            SourceConfig.DEFAULT_MAX_PAGES,
            1,
            Integer.MAX_VALUE,
            "most pages per run, a guard against a cursor that never ends; a run that reaches it "
                    + "commits and the next one continues");
    public static final Option<String> CONNECTION = Option.text(
            "connection",
            "name",
            ConnectionConfig.DEFAULT,
            "`default` or a configured connection name",
            "the connection it polls with: `default` (`cfaudit.api.*`) " + "or a `cfaudit.connection.<name>`");
    public static final Option<String> FILTER = Option.keys(
            "filter",
            "<api-param>",
            "the endpoint's own parameters (listed per type); values are checked against the API's schema "
                    + "(enumerations, e-mail addresses, whole numbers)",
            "comma-separated values sent as repeated query "
                    + "parameters: `filter.action_type.not=view,update` sends `action_type.not=view&action_type.not=update`");
    public static final Option<Boolean> PUSH_DOWN = Option.bool(
            "push-down",
            true,
            "when every sink this source feeds "
                    + "has a predicate the endpoint's filters can express, ask the API only for that (docs/delivery.md); "
                    + "`false` always asks for everything the `filter.*` keys allow");

    public static final Option<Integer> BACKFILL_PARALLELISM = Option.integer(
            "backfill-parallelism",
            SourceConfig.Backfill.DEFAULT_PARALLELISM,
            1,
            SourceConfig.Backfill.MAX_PARALLELISM,
            "cursor chains one run pages at once when its window is longer than `backfill-slice` (a first "
                    + "backfill, a long outage): the window is cut into slices, paged in parallel within the "
                    + "connection's rate budget and delivered in event-time order (docs/delivery.md); `1` pages "
                    + "every window with one chain");
    public static final Option<Duration> BACKFILL_SLICE = Option.duration(
            "backfill-slice",
            SourceConfig.Backfill.DEFAULT_SLICE,
            SourceConfig.Backfill.MIN_SLICE,
            "the length of a backfill slice; a window up to this long is paged by one chain, as is every "
                    + "window of a page-numbered (`account-v1`, `user-v1`) source");

    private SourceOptions() {}

    static OptionGroup common() {
        return new OptionGroup(
                "source",
                "Sources",
                "cfaudit.source.<name>.",
                "`<name>`: lower-case letters, digits "
                        + "and `-`; it names the checkpoint file, the file-sink partitions and the `CloudflareAuditSource` "
                        + "header. Every source has these options, and those of its type.",
                List.of(
                        TYPE,
                        SCHEDULE,
                        START,
                        PAGE_SIZE,
                        SETTLE,
                        LOOKBACK,
                        MAX_PAGES,
                        BACKFILL_PARALLELISM,
                        BACKFILL_SLICE,
                        CONNECTION,
                        FILTER,
                        PUSH_DOWN));
    }

    static List<OptionGroup> byType() {
        return List.of(
                new OptionGroup(
                        "organization",
                        "Source `type=organization`",
                        "cfaudit.source.<name>.",
                        "Organization audit logs v2. " + filters(SourceType.ORGANIZATION),
                        List.of(ORGANIZATION_ID)),
                new OptionGroup(
                        "account",
                        "Source `type=account`",
                        "cfaudit.source.<name>.",
                        "Account audit logs v2. " + filters(SourceType.ACCOUNT),
                        List.of(ACCOUNT_ID)),
                new OptionGroup(
                        "insight",
                        "Source `type=insight`",
                        "cfaudit.source.<name>.",
                        "Security Center "
                                + "insight audit log of an account or a zone: exactly one of `account-id` and `zone-id`. "
                                + filters(SourceType.INSIGHT),
                        List.of(
                                ACCOUNT_ID.defaultText("this or `zone-id`"),
                                ZONE_ID.defaultText("this or `account-id`"),
                                ISSUE_ID)),
                new OptionGroup(
                        "account-v1",
                        "Source `type=account-v1`",
                        "cfaudit.source.<name>.",
                        "Account audit logs v1 (`GET /accounts/{account_id}/audit_logs`), paged by page number with the "
                                + "same window on every page; the event time is `when`. "
                                + filters(SourceType.ACCOUNT_V1),
                        List.of(ACCOUNT_ID)),
                new OptionGroup(
                        "user-v1",
                        "Source `type=user-v1`",
                        "cfaudit.source.<name>.",
                        "Audit logs v1 of the user the connection's credentials belong to (`GET /user/audit_logs`; "
                                + "a user API token or the global key, not an account-owned token), paged like "
                                + "`account-v1`; no id option. "
                                + filters(SourceType.USER_V1),
                        List.of()));
    }

    /** The endpoint's filters as the documentation lists them, from their one declaration. */
    static String filters(SourceType type) {
        Map<String, FilterParameters.Parameter> params = FilterParameters.of(type);
        List<String> names = params.values().stream()
                .filter(p -> !p.exclusion() || !params.containsKey(p.positive()))
                .map(FilterParameters.Parameter::name)
                .sorted()
                .map(name -> "`" + name + "`" + notes(params.get(name)))
                .toList();
        List<String> withoutNot = params.values().stream()
                .filter(p -> !p.exclusion() && !params.containsKey(p.name() + ".not"))
                .map(p -> "`" + p.name() + "`")
                .sorted()
                .toList();
        String forms;
        if (!FilterParameters.repeatable(type)) {
            forms = ", one value each.";
        } else if (withoutNot.isEmpty()) {
            forms = ", each also with `.not`.";
        } else {
            forms = "; each also with `.not` except " + String.join(", ", withoutNot) + ".";
        }
        return "Filters (`filter.<api-param>`): " + String.join(", ", names) + forms;
    }

    private static String notes(FilterParameters.Parameter p) {
        List<String> notes = new ArrayList<>();
        if (!p.values().isEmpty()) {
            notes.add(String.join(", ", p.values()));
        } else if (p.type().plural() != null) {
            notes.add(p.type().plural());
        }
        if (p.deprecated()) {
            notes.add("deprecated by Cloudflare, use `" + p.deprecatedBy() + "`");
        }
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }
}
