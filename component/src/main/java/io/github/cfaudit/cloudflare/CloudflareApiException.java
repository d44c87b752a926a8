package io.github.cfaudit.cloudflare;

import java.util.List;

/**
 * The API answered, but not with a usable page: a non-2xx status, or {@code success:false}. The message carries
 * Cloudflare's own error messages and, for the common permission problems, a hint at the fix. It never carries
 * request headers, so no credential can leak through it.
 */
public final class CloudflareApiException extends RuntimeException {
    private final int status;
    private final List<String> apiErrors;

    public CloudflareApiException(int status, String request, List<String> apiErrors, String bodyHint) {
        super(describe(status, request, apiErrors, bodyHint));
        this.status = status;
        this.apiErrors = List.copyOf(apiErrors);
    }

    public int status() {
        return status;
    }

    public List<String> apiErrors() {
        return apiErrors;
    }

    /**
     * 429 and 5xx may succeed when tried again later, and so may a {@code success:false} that came with a 2xx status
     * (nothing says what it means; a bounded retry costs little). 400, 401, 403 and 404 will not.
     */
    public boolean isTransient() {
        return status == 429 || status >= 500 || (status >= 200 && status < 300);
    }

    private static String describe(int status, String request, List<String> errors, String bodyHint) {
        StringBuilder sb = new StringBuilder("Cloudflare API answered HTTP ").append(status);
        if (status >= 200 && status < 300) {
            sb.append(" with success:false");
        }
        sb.append(" to ").append(request);
        if (!errors.isEmpty()) {
            sb.append(": ").append(String.join("; ", errors));
        } else if (bodyHint != null && !bodyHint.isEmpty()) {
            sb.append(": ").append(bodyHint);
        }
        String hint = hint(status);
        if (hint != null) {
            sb.append(" (").append(hint).append(")");
        }
        return sb.toString();
    }

    private static String hint(int status) {
        return switch (status) {
            case 400 -> "the request was rejected: check the source's ids and filter.* options";
            case 401, 403 ->
                "check the credentials: an API token needs Account Settings Read for account audit logs, "
                        + "Organization read access for organization audit logs, Security Center read for insights";
            case 404 -> "check the organization, account, zone or issue id of the source";
            case 429 -> "rate limited by Cloudflare";
            default -> null;
        };
    }
}
