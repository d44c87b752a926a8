package io.github.cfaudit.cloudflare;

/** The kinds of Cloudflare audit trail this module polls. */
public enum SourceType {
    /** Organization audit logs v2: {@code GET /organizations/{id}/logs/audit}. */
    ORGANIZATION("organization", EndpointFamily.AUDIT_LOGS_V2),
    /** Account audit logs v2: {@code GET /accounts/{id}/logs/audit}. */
    ACCOUNT("account", EndpointFamily.AUDIT_LOGS_V2),
    /** Security Center insight audit log of an account or zone, for one insight or all of them. */
    INSIGHT("insight", EndpointFamily.INSIGHT_AUDIT_LOG),
    /** Account audit logs v1: {@code GET /accounts/{id}/audit_logs}. */
    ACCOUNT_V1("account-v1", EndpointFamily.AUDIT_LOGS_V1),
    /** User audit logs v1 of the token's own user: {@code GET /user/audit_logs}. */
    USER_V1("user-v1", EndpointFamily.AUDIT_LOGS_V1);

    private final String configName;
    private final EndpointFamily family;

    SourceType(String configName, EndpointFamily family) {
        this.configName = configName;
        this.family = family;
    }

    /** The value of {@code cfaudit.source.<name>.type}. */
    public String configName() {
        return configName;
    }

    public EndpointFamily family() {
        return family;
    }
}
