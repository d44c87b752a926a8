package io.github.cfaudit.cloudflare;

/**
 * What differs between the audit-log v2 endpoints and the Security Center insight audit log: the names of the
 * paging and ordering parameters, and where an entry keeps its event time. Everything else (cursor paging,
 * since/before window) is shared.
 */
public enum EndpointFamily {
    AUDIT_LOGS_V2("limit", "direction", "action", "time"),
    INSIGHT_AUDIT_LOG("per_page", "order", null, "changed_at");

    private final String pageSizeParameter;
    private final String orderParameter;
    private final String timeParent;
    private final String timeField;

    EndpointFamily(String pageSizeParameter, String orderParameter, String timeParent, String timeField) {
        this.pageSizeParameter = pageSizeParameter;
        this.orderParameter = orderParameter;
        this.timeParent = timeParent;
        this.timeField = timeField;
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

    /** For messages: {@code action.time} or {@code changed_at}. */
    public String timePath() {
        return timeParent == null ? timeField : timeParent + "." + timeField;
    }
}
