package io.github.cfaudit.cloudflare;

import java.util.Objects;
import java.util.Optional;

/**
 * One concrete endpoint a source polls: its type and its path below the API base URL, e.g.
 * {@code /accounts/0123/logs/audit} or {@code /zones/abcd/security-center/insights/audit-log}.
 */
public record AuditEndpoint(SourceType type, String path) {
    public AuditEndpoint {
        Objects.requireNonNull(type, "type == null");
        Objects.requireNonNull(path, "path == null");
    }

    public static AuditEndpoint organization(String organizationId) {
        return new AuditEndpoint(SourceType.ORGANIZATION, "/organizations/" + organizationId + "/logs/audit");
    }

    public static AuditEndpoint account(String accountId) {
        return new AuditEndpoint(SourceType.ACCOUNT, "/accounts/" + accountId + "/logs/audit");
    }

    /** Account audit logs v1. */
    public static AuditEndpoint accountV1(String accountId) {
        return new AuditEndpoint(SourceType.ACCOUNT_V1, "/accounts/" + accountId + "/audit_logs");
    }

    /** User audit logs v1: those of the user the credentials belong to. */
    public static AuditEndpoint userV1() {
        return new AuditEndpoint(SourceType.USER_V1, "/user/audit_logs");
    }

    /** {@code scopeKind} is {@code accounts} or {@code zones}; {@code issueId} null means every insight. */
    public static AuditEndpoint insight(String scopeKind, String scopeId, String issueId) {
        String base = "/" + scopeKind + "/" + scopeId + "/security-center/insights/";
        return new AuditEndpoint(
                SourceType.INSIGHT, issueId == null ? base + "audit-log" : base + issueId + "/audit-log");
    }

    public EndpointFamily family() {
        return type.family();
    }

    /** The account it reads ({@code /accounts/<id>/...}: account sources, insights of an account), else empty. */
    public Optional<String> accountId() {
        String prefix = "/accounts/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        int end = path.indexOf('/', prefix.length());
        return Optional.of(path.substring(prefix.length(), end < 0 ? path.length() : end));
    }
}
