package io.github.cfaudit.cloudflare;

/**
 * What differs between the audit-log endpoints: the names of the paging and ordering parameters, where an entry keeps
 * its event time, and how pages follow each other: a cursor (audit logs v2, the insight audit log) or a page number
 * (audit logs v1: {@code page} 1, 2, ... with the same query otherwise). The since/before window is shared.
 */
public enum EndpointFamily {
    AUDIT_LOGS_V2("limit", "direction", "action", "time", false),
    INSIGHT_AUDIT_LOG("per_page", "order", null, "changed_at", false),
    AUDIT_LOGS_V1("per_page", "direction", null, "when", true);

    private final String pageSizeParameter;
    private final String orderParameter;
    private final String timeParent;
    private final String timeField;
    private final boolean pageNumbered;

    EndpointFamily(
            String pageSizeParameter,
            String orderParameter,
            String timeParent,
            String timeField,
            boolean pageNumbered) {
        this.pageSizeParameter = pageSizeParameter;
        this.orderParameter = orderParameter;
        this.timeParent = timeParent;
        this.timeField = timeField;
        this.pageNumbered = pageNumbered;
    }

    /** True when pages are numbered ({@code page=1, 2, ...}, the end from {@code result_info}), false for a cursor. */
    public boolean pageNumbered() {
        return pageNumbered;
    }

    public String pageSizeParameter() {
        return pageSizeParameter;
    }

    public String orderParameter() {
        return orderParameter;
    }

    /** The object holding the event time ({@code action}), or null when it is a top-level field. */
    public String timeParent() {
        return timeParent;
    }

    public String timeField() {
        return timeField;
    }

    /** For messages: {@code action.time}, {@code changed_at} or {@code when}. */
    public String timePath() {
        return timeParent == null ? timeField : timeParent + "." + timeField;
    }
}
