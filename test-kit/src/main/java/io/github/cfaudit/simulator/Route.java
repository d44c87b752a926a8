package io.github.cfaudit.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** A matched API path. {@code issueId} is set only for the per-insight audit log. */
record Route(Kind kind, String scopeKind, String scopeId, String issueId) {

    enum Kind {
        ORG_AUDIT,
        ACCOUNT_AUDIT,
        INSIGHT_AUDIT,
        /** {@code /accounts/<id>/audit_logs} (audit logs v1) */
        ACCOUNT_AUDIT_V1,
        /** {@code /user/audit_logs} (audit logs v1 of the requesting user) */
        USER_AUDIT_V1,
        /** {@code /user/tokens/verify} */
        TOKEN_VERIFY,
        /** {@code /accounts/<id>/tokens/verify}: account-owned tokens */
        ACCOUNT_TOKEN_VERIFY
    }

    static final String PREFIX = "/client/v4/";
    private static final Set<String> INSIGHT_SCOPES = Set.of("accounts", "zones");

    /** The thinner error envelope of audit logs v2 (errors carry only a message). */
    boolean v2() {
        return kind == Kind.ORG_AUDIT || kind == Kind.ACCOUNT_AUDIT;
    }

    static Optional<Route> match(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] seg = rawPath.substring(PREFIX.length()).split("/", -1);
        for (int i = 0; i < seg.length; i++) {
            if (seg[i].isEmpty()) {
                return Optional.empty();
            }
            try {
                seg[i] = URLDecoder.decode(seg[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (seg.length == 3 && "user".equals(seg[0]) && "tokens".equals(seg[1]) && "verify".equals(seg[2])) {
            return Optional.of(new Route(Kind.TOKEN_VERIFY, null, null, null));
        }
        if (seg.length == 2 && "user".equals(seg[0]) && "audit_logs".equals(seg[1])) {
            return Optional.of(new Route(Kind.USER_AUDIT_V1, "user", null, null));
        }
        if (seg.length == 3 && "accounts".equals(seg[0]) && "audit_logs".equals(seg[2])) {
            return Optional.of(new Route(Kind.ACCOUNT_AUDIT_V1, seg[0], seg[1], null));
        }
        if (seg.length == 4 && "accounts".equals(seg[0]) && "tokens".equals(seg[2]) && "verify".equals(seg[3])) {
            return Optional.of(new Route(Kind.ACCOUNT_TOKEN_VERIFY, seg[0], seg[1], null));
        }
        if (seg.length == 4 && "logs".equals(seg[2]) && "audit".equals(seg[3])) {
            if ("organizations".equals(seg[0])) {
                return Optional.of(new Route(Kind.ORG_AUDIT, seg[0], seg[1], null));
            }
            if ("accounts".equals(seg[0])) {
                return Optional.of(new Route(Kind.ACCOUNT_AUDIT, seg[0], seg[1], null));
            }
        }
        boolean insights = seg.length >= 5
                && INSIGHT_SCOPES.contains(seg[0])
                && "security-center".equals(seg[2])
                && "insights".equals(seg[3])
                && "audit-log".equals(seg[seg.length - 1]);
        if (insights && seg.length == 5) {
            return Optional.of(new Route(Kind.INSIGHT_AUDIT, seg[0], seg[1], null));
        }
        if (insights && seg.length == 6) {
            return Optional.of(new Route(Kind.INSIGHT_AUDIT, seg[0], seg[1], seg[4]));
        }
        return Optional.empty();
    }
}
