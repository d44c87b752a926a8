package io.github.cfaudit.sink.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.http.conn.ConnectTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What a failed S3 request means for this sink's settings, and what to do about it: turns the SDK's exception (and,
 * for an upload that broke off, the bucket's answer to the probe, see {@link S3Uploader}) into the reason the operator
 * reads. It names the options to check ({@code access-key}, {@code region}, {@code endpoint}, ...) and never a
 * credential: the settings print none, and the SDK's messages carry none.
 */
final class S3FailureDiagnosis {
    /** Error codes of a probe that the upload would have got too: authentication, clock, region, bucket. */
    private static final Set<String> PROBE_ANSWERS = Set.of(
            "SignatureDoesNotMatch",
            "InvalidAccessKeyId",
            "InvalidToken",
            "ExpiredToken",
            "RequestTimeTooSkewed",
            "AuthorizationHeaderMalformed",
            "PermanentRedirect",
            "NoSuchBucket");

    private final S3SinkSettings settings;

    S3FailureDiagnosis(S3SinkSettings settings) {
        this.settings = settings;
    }

    /**
     * Whether the upload failed on a connection that was made: an I/O error, but not one of connecting. Such a
     * failure may hide the server's refusal (see {@link S3Uploader}).
     */
    static boolean brokeOff(Throwable failure) {
        boolean io = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof ConnectTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return false;
            }
            io |= t instanceof IOException;
        }
        return io;
    }

    /** Whether the probe's answer is one the upload would have got too (see {@link S3Uploader}). */
    static boolean explainsBrokenUpload(AwsServiceException answer) {
        String code = answer.awsErrorDetails() == null
                ? null
                : answer.awsErrorDetails().errorCode();
        return answer.statusCode() == 401 || answer.statusCode() == 301 || PROBE_ANSWERS.contains(code);
    }

    /**
     * The reason of a failed PutObject: the probe's answer when it explains the failure, else the failure's own.
     * {@code probeAnswer}: the bucket's answer to the probe when the upload broke off, else null.
     */
    String uploadFailure(Throwable cause, AwsServiceException probeAnswer) {
        return probeAnswer != null && explainsBrokenUpload(probeAnswer)
                ? reason(probeAnswer) + "; the upload broke off (" + innermostMessage(cause)
                        + ") and a ListObjectsV2 request to the bucket got this answer"
                : reason(cause);
    }

    /**
     * {@link #uploadFailure}, with what a {@code --check} adds: TLS, reachability and permission hints. {@code probe}
     * asks the bucket (null when it does not answer with an error); it is called only when the check's PutObject broke
     * off on a connection that was made, and not over a TLS failure.
     */
    String checkFailure(Throwable failure, Supplier<AwsServiceException> probe) {
        String where = where();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLPeerUnverifiedException) {
                return "TLS with " + where + " failed, the server certificate does not name the host (" + t.getMessage()
                        + "): use the host name its certificate carries in endpoint";
            }
            if (t instanceof SSLException) {
                return "TLS with " + where + " failed (" + t.getMessage() + "): if the server certificate comes "
                        + "from a private CA, add that CA to this JVM's trust store (javax.net.ssl.trustStore); if "
                        + "the endpoint serves plain HTTP, write it with http://";
            }
        }
        AwsServiceException answer = brokeOff(failure) ? probe.get() : null;
        String reason = uploadFailure(failure, answer);
        AwsServiceException refusal = answer != null && explainsBrokenUpload(answer) ? answer : null;
        for (Throwable t = failure; refusal == null && t != null; t = t.getCause() == t ? null : t.getCause()) {
            refusal = t instanceof AwsServiceException ase ? ase : null;
        }
        if (refusal != null) {
            String code = refusal.awsErrorDetails() == null
                    ? null
                    : refusal.awsErrorDetails().errorCode();
            if ((refusal.statusCode() == 403 || refusal.statusCode() == 401) && !"RequestTimeTooSkewed".equals(code)) {
                reason += "; the credentials need s3:PutObject on arn:aws:s3:::" + settings.bucket() + "/"
                        + settings.prefix() + "*"
                        + (settings.encryption()
                                        .map(S3SinkSettings.Encryption::isKms)
                                        .orElse(false)
                                ? " and kms:GenerateDataKey on the KMS key"
                                : "");
            }
            return reason;
        }
        if (reason.startsWith("S3 could not be reached")) {
            reason += ": check " + (settings.endpoint().isPresent() ? "endpoint" : "region")
                    + ", that the service is up, and that this host may reach it (DNS, firewall, proxy)";
        }
        return reason;
    }

    /** What went wrong, in terms an operator can act on. */
    private String reason(Throwable cause) {
        Throwable t = cause;
        while (t != null && !(t instanceof AwsServiceException) && !(t instanceof SdkClientException)) {
            t = t.getCause();
        }
        String where = where();
        if (t instanceof AwsServiceException ase) {
            String code =
                    ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
            String message = ase.awsErrorDetails() == null
                    ? ase.getMessage()
                    : ase.awsErrorDetails().errorMessage();
            String status =
                    ase.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : " (" + message + ")");
            if ("RequestTimeTooSkewed".equals(code)) {
                return "S3 refused the request, " + status + ": is this machine's clock right?";
            }
            if (ase.statusCode() == 403 || ase.statusCode() == 401) {
                return "S3 refused the request, " + status + ": check access-key and secret-key (or the credentials "
                        + "of the AWS default chain), region '" + settings.region() + "' and the bucket policy";
            }
            if ("NoSuchBucket".equals(code) || ase.statusCode() == 404) {
                return "S3 answered " + status + ": does bucket '" + settings.bucket() + "' exist at " + where + "?";
            }
            if (ase.statusCode() == 301 || "AuthorizationHeaderMalformed".equals(code)) {
                return "S3 answered " + status + ": is region '" + settings.region() + "' the bucket's region?";
            }
            if ("BadDigest".equals(code) || "InvalidDigest".equals(code)) {
                return "S3 answered " + status + ": the object was damaged on the way (Content-MD5 mismatch)";
            }
            return "S3 answered " + status;
        }
        if (t instanceof SdkClientException sce) {
            if (String.valueOf(sce.getMessage()).contains("Unable to load credentials")) {
                return "no credentials: set access-key and secret-key, or provide credentials to the AWS default "
                        + "chain (" + sce.getMessage() + ")";
            }
            return "S3 could not be reached at " + where + " (" + sce.getMessage() + ")";
        }
        return cause.getMessage() == null
                ? cause.getClass().getName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The endpoint, or the AWS region when there is none. */
    private String where() {
        return settings.endpoint().map(Object::toString).orElse("AWS " + settings.region());
    }

    /** The message of the innermost cause (the JDK's "Broken pipe" rather than the SDK's wrapper). */
    static String innermostMessage(Throwable t) {
        Throwable inner = t;
        while (inner.getCause() != null && inner.getCause() != inner) {
            inner = inner.getCause();
        }
        return inner.getMessage() == null ? inner.getClass().getSimpleName() : inner.getMessage();
    }
}
