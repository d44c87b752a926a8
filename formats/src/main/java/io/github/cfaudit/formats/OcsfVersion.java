package io.github.cfaudit.formats;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OCSF releases the {@code ocsf} format writes, with what differs between them for Cloudflare entries (checked
 * against the schema's own definitions, see docs/formats.md).
 */
public enum OcsfVersion {
    /** What Amazon Security Lake validates custom sources against. */
    V1_1_0("1.1.0", false, false, true, "^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+$"),
    /** The latest release: the default. */
    V1_8_0("1.8.0", true, true, false, "^[a-zA-Z0-9!#$%&'*+-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+$");

    public static final OcsfVersion DEFAULT = V1_8_0;

    private final String id;
    private final boolean httpResponse;
    private final boolean patchMethod;
    private final boolean entityManagementActorByHostProfile;
    private final Pattern email;

    OcsfVersion(
            String id,
            boolean httpResponse,
            boolean patchMethod,
            boolean entityManagementActorByHostProfile,
            String emailRegex) {
        this.id = id;
        this.httpResponse = httpResponse;
        this.patchMethod = patchMethod;
        this.entityManagementActorByHostProfile = entityManagementActorByHostProfile;
        this.email = Pattern.compile(emailRegex);
    }

    /** The version as OCSF writes it ({@code metadata.version}): {@code 1.1.0}, {@code 1.8.0}. */
    public String id() {
        return id;
    }

    /** Whether API Activity has {@code http_response} (1.1.0 has not). */
    boolean hasHttpResponse() {
        return httpResponse;
    }

    /** Whether the {@code http_method} enum has {@code PATCH} (1.1.0 has not). */
    boolean hasPatchMethod() {
        return patchMethod;
    }

    /** Whether Entity Management reaches {@code actor} only through the {@code host} profile (1.1.0). */
    boolean entityManagementActorByHostProfile() {
        return entityManagementActorByHostProfile;
    }

    /** Whether {@code s} is an {@code email_t} of this version. */
    boolean isEmail(String s) {
        return s != null && email.matcher(s).matches();
    }

    /** {@code 1.8.0} or {@code 1.1.0}; anything else is refused with the valid values. */
    public static OcsfVersion of(String id) {
        for (OcsfVersion v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported OCSF version '" + id + "': use one of "
                + Arrays.stream(values()).map(OcsfVersion::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
