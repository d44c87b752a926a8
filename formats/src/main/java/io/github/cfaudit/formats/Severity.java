package io.github.cfaudit.formats;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;

/**
 * The severity rule of the CEF, LEEF and ECS records ({@code event.severity}), on CEF's 0-10 scale. Cloudflare does
 * not rate its audit entries; this rule ranks them by what an analyst looks at first:
 *
 * <ul>
 *   <li>audit logs v2: {@code view} 1, {@code create} and {@code update} 3, {@code delete} 5, any other action 3;
 *       a {@code failure} result adds 3 (a refused change is worth a look: probing, a missing permission);
 *   <li>audit logs v1: the same, with {@code action.type} classed by the v1 rule of docs/formats.md (e.g.
 *       {@code rec_add} a create, {@code set_security_level} an update, {@code login} any other action) and a
 *       {@code false} {@code action.result} adding 3;
 *   <li>insight changes: 3, or 5 when a person classifies the insight as {@code false_positive} or
 *       {@code accept_risk} (a finding is being suppressed).
 * </ul>
 *
 * LEEF's {@code sev} is the same number (1-10; never below 1). OCSF records carry {@code severity_id} 1
 * (Informational) for every entry: an audit entry reports an action, not a threat.
 */
public final class Severity {
    private Severity() {}

    public static int of(AuditEntry entry, SourceType type) {
        if (type == SourceType.INSIGHT) {
            return insight(entry.text("field_changed"), entry.text("current_value"));
        }
        if (V1Action.isV1(type)) {
            Object result = entry.get("action") instanceof java.util.Map<?, ?> action ? action.get("result") : null;
            return auditLogV1(entry.text("action", "type"), result instanceof Boolean b ? b : null);
        }
        return auditLog(entry.text("action", "type"), entry.text("action", "result"));
    }

    /**
     * The rule for an audit-log v1 entry: its {@code action.type} (free text, either null) classed as the v2 types
     * are (see {@code V1Action}: {@code rec_add} is a create, {@code login} another action), and a {@code false}
     * {@code action.result} adds 3 as a v2 {@code failure} does.
     */
    public static int auditLogV1(String actionType, Boolean result) {
        String crud = V1Action.crudWord(V1Action.activity(actionType));
        return auditLog(crud, Boolean.FALSE.equals(result) ? "failure" : null);
    }

    /** The rule for an audit-log v2 entry with this {@code action.type} and {@code action.result} (either null). */
    public static int auditLog(String actionType, String result) {
        int base = actionType == null
                ? 3
                : switch (actionType) {
                    case "view" -> 1;
                    case "delete" -> 5;
                    default -> 3;
                };
        return "failure".equals(result) ? base + 3 : base;
    }

    /** The rule for an insight change of {@code field_changed} to {@code current_value} (either null). */
    public static int insight(String fieldChanged, String currentValue) {
        boolean suppressing = "user_classification".equals(fieldChanged)
                && ("false_positive".equals(currentValue) || "accept_risk".equals(currentValue));
        return suppressing ? 5 : 3;
    }
}
