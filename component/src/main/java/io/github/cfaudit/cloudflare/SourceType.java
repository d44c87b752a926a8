package io.github.cfaudit.cloudflare;

/** The three kinds of Cloudflare audit trail this module polls. */
public enum SourceType {
    /** Organization audit logs v2: {@code GET /organizations/{id}/logs/audit}. */
    ORGANIZATION("organization", EndpointFamily.AUDIT_LOGS_V2),
    /** Account audit logs v2: {@code GET /accounts/{id}/logs/audit}. */
    ACCOUNT("account", EndpointFamily.AUDIT_LOGS_V2),
    /** Security Center insight audit log of an account or zone, for one insight or all of them. */
    INSIGHT("insight", EndpointFamily.INSIGHT_AUDIT_LOG);

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
