package io.github.cfaudit.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.config.ConfigProperties;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Each reason {@link S3FailureDiagnosis} gives, from the exceptions the SDK throws: the option to check is named, the
 * cause is quoted, and no credential (access key, secret key, proxy password) is ever part of the message.
 */
class S3FailureDiagnosisTest {
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_KEY = "wr0ng-secret-do-not-print";
    private static final String PROXY_PASSWORD = "proxy-password-do-not-print";

    private static S3SinkSettings settings(Map<String, String> options) {
        Map<String, String> props = new HashMap<>();
        String p = "cfaudit.sink.arch.";
        props.put(p + "bucket", "audit-archive");
        props.put(p + "access-key", ACCESS_KEY);
        props.put(p + "secret-key", SECRET_KEY);
        props.put(p + "proxy", "http://proxy.corp:8080");
        props.put(p + "proxy-username", "auditor");
        props.put(p + "proxy-password", PROXY_PASSWORD);
        options.forEach((k, v) -> props.put(p + k, v));
        return new S3SinkType().parse(ConfigProperties.of(props).section("cfaudit.sink.arch"));
    }

    /** A sink with an S3-compatible endpoint. */
    private static S3FailureDiagnosis minio() {
        return new S3FailureDiagnosis(settings(Map.of("endpoint", "https://minio.corp:9000", "path-style", "true")));
    }

    /** A sink on AWS, region eu-west-1, with SSE-KMS. */
    private static S3FailureDiagnosis aws() {
        return new S3FailureDiagnosis(settings(
                Map.of("region", "eu-west-1", "sse", "aws:kms", "kms-key-id", "alias/audit", "prefix", "cf/")));
    }

    private static String noSecret(String message) {
        assertThat(message).doesNotContain(ACCESS_KEY, SECRET_KEY, PROXY_PASSWORD);
        return message;
    }

    private static String upload(S3FailureDiagnosis diagnosis, Throwable failure) {
        return noSecret(diagnosis.uploadFailure(failure, null));
    }

    private static String check(S3FailureDiagnosis diagnosis, Throwable failure) {
        return noSecret(diagnosis.checkFailure(failure, () -> {
            throw new AssertionError("no probe expected for " + failure);
        }));
    }

    private static S3Exception answer(int status, String code, String message) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message(message + " (Service: S3, Status Code: " + status + ")")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("S3")
                        .build())
                .build();
    }

    private static SdkClientException refused() {
        return SdkClientException.create(
                "Unable to execute HTTP request: Connect to minio.corp:9000 failed: Connection refused",
                new HttpHostConnectException(new ConnectException("Connection refused"), null));
    }

    private static SdkClientException brokenPipe() {
        return SdkClientException.create(
                "Unable to execute HTTP request: Broken pipe", new SocketException("Broken pipe"));
    }

    @Test
    void aRefusedConnectionSaysTheEndpointCouldNotBeReachedAndACheckSaysWhatToVerify() {
        assertThat(upload(minio(), refused()))
                .isEqualTo("S3 could not be reached at https://minio.corp:9000 (Unable to execute HTTP request: "
                        + "Connect to minio.corp:9000 failed: Connection refused)");
        assertThat(check(minio(), refused()))
                .startsWith("S3 could not be reached at https://minio.corp:9000 (")
                .contains("Connection refused")
                .endsWith("): check endpoint, that the service is up, and that this host may reach it "
                        + "(DNS, firewall, proxy)");
    }

    @Test
    void anUnknownHostOnAwsPointsAtTheRegion() {
        SdkClientException unknown = SdkClientException.create(
                "Unable to execute HTTP request: s3.eu-west-1.amazonaws.com",
                new UnknownHostException("s3.eu-west-1.amazonaws.com"));

        assertThat(check(aws(), unknown))
                .contains("S3 could not be reached at AWS eu-west-1", "s3.eu-west-1.amazonaws.com", "check region");
    }

    @Test
    void tlsFailuresOfACheckAreNamedAndNotProbed() {
        SdkClientException untrusted = SdkClientException.create(
                "Unable to execute HTTP request: PKIX path building failed",
                new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"));
        assertThat(check(minio(), untrusted))
                .isEqualTo("TLS with https://minio.corp:9000 failed (PKIX path building failed: unable to find valid "
                        + "certification path): if the server certificate comes from a private CA, add that CA to "
                        + "this JVM's trust store (javax.net.ssl.trustStore); if the endpoint serves plain HTTP, "
                        + "write it with http://");

        SdkClientException wrongName = SdkClientException.create(
                "Unable to execute HTTP request: Certificate doesn't match",
                new SSLPeerUnverifiedException("Certificate for <minio.corp> doesn't match any of the subject "
                        + "alternative names: [storage.corp]"));
        assertThat(check(minio(), wrongName))
                .contains(
                        "TLS with https://minio.corp:9000 failed, the server certificate does not name the host",
                        "[storage.corp]",
                        "use the host name its certificate carries in endpoint");
    }

    @Test
    void aRefusedSignatureNamesTheCredentialOptionsAndACheckNamesThePermission() {
        S3Exception signature = answer(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not " + "match the signature you provided.");

        assertThat(upload(aws(), signature))
                .isEqualTo("S3 refused the request, 403 SignatureDoesNotMatch (The request signature we calculated "
                        + "does not match the signature you provided.): check access-key and secret-key (or the "
                        + "credentials of the AWS default chain), region 'eu-west-1' and the bucket policy");
        assertThat(check(aws(), signature))
                .endsWith("; the credentials need s3:PutObject on arn:aws:s3:::audit-archive/cf/* and "
                        + "kms:GenerateDataKey on the KMS key");
        assertThat(check(minio(), answer(403, "AccessDenied", "Access Denied")))
                .contains("403 AccessDenied (Access Denied)", "check access-key and secret-key")
                .endsWith("; the credentials need s3:PutObject on arn:aws:s3:::audit-archive/cloudflare-audit/*");
    }

    @Test
    void aSkewedClockIsNotACredentialProblem() {
        S3Exception skewed = answer(
                403,
                "RequestTimeTooSkewed",
                "The difference between the request time and the " + "current time is too large.");

        assertThat(check(aws(), skewed))
                .isEqualTo("S3 refused the request, 403 RequestTimeTooSkewed (The difference between the request "
                        + "time and the current time is too large.): is this machine's clock right?");
    }

    @Test
    void aMissingBucketARedirectADamagedBodyAndOtherAnswers() {
        assertThat(upload(minio(), answer(404, "NoSuchBucket", "The specified bucket does not exist")))
                .isEqualTo("S3 answered 404 NoSuchBucket (The specified bucket does not exist): does bucket "
                        + "'audit-archive' exist at https://minio.corp:9000?");
        assertThat(upload(aws(), answer(301, "PermanentRedirect", "The bucket is in another region")))
                .isEqualTo("S3 answered 301 PermanentRedirect (The bucket is in another region): is region "
                        + "'eu-west-1' the bucket's region?");
        assertThat(upload(aws(), answer(400, "AuthorizationHeaderMalformed", "the region 'eu-west-1' is wrong")))
                .contains("is region 'eu-west-1' the bucket's region?");
        assertThat(upload(aws(), answer(400, "BadDigest", "The Content-MD5 you specified did not match")))
                .endsWith(": the object was damaged on the way (Content-MD5 mismatch)");
        assertThat(upload(aws(), answer(500, "InternalError", "We encountered an internal error")))
                .isEqualTo("S3 answered 500 InternalError (We encountered an internal error)");
    }

    @Test
    void missingCredentialsAndFailuresFromOutsideTheSdk() {
        SdkClientException none = SdkClientException.create("Unable to load credentials from any of the providers");
        assertThat(upload(aws(), none))
                .isEqualTo("no credentials: set access-key and secret-key, or provide credentials to the AWS "
                        + "default chain (Unable to load credentials from any of the providers)");

        assertThat(upload(aws(), new IllegalStateException("endpoint stopped")))
                .isEqualTo("IllegalStateException: " + "endpoint stopped");
        assertThat(upload(aws(), new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aBrokenUploadIsReportedWithTheProbesAnswerOnlyWhenTheUploadWouldHaveGotItToo() {
        S3Exception wrongSecret = answer(403, "SignatureDoesNotMatch", "signature mismatch");

        assertThat(noSecret(minio().uploadFailure(brokenPipe(), wrongSecret)))
                .isEqualTo("S3 refused the request, 403 SignatureDoesNotMatch (signature mismatch): check access-key "
                        + "and secret-key (or the credentials of the AWS default chain), region 'us-east-1' and the "
                        + "bucket policy; the upload broke off (Broken pipe) and a ListObjectsV2 request to the "
                        + "bucket got this answer");
        assertThat(noSecret(minio().uploadFailure(brokenPipe(), answer(403, "AccessDenied", "Access Denied"))))
                .startsWith("S3 could not be reached at https://minio.corp:9000")
                .doesNotContain("AccessDenied");
    }

    @Test
    void aCheckProbesOnlyWhenItsUploadBrokeOffAndAddsThePermissionToTheProbesAnswer() {
        AtomicInteger probes = new AtomicInteger();
        Supplier<AwsServiceException> probe = () -> {
            probes.incrementAndGet();
            return answer(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist");
        };

        assertThat(noSecret(minio().checkFailure(brokenPipe(), probe)))
                .contains(
                        "403 InvalidAccessKeyId",
                        "check access-key and secret-key",
                        "the upload broke off (Broken " + "pipe)")
                .endsWith("; the credentials need s3:PutObject on arn:aws:s3:::audit-archive/cloudflare-audit/*");
        assertThat(probes).hasValue(1);

        assertThat(noSecret(minio().checkFailure(refused(), probe))).startsWith("S3 could not be reached");
        assertThat(probes).hasValue(1);
    }

    @Test
    void onlyAnIoErrorOnAConnectionThatWasMadeIsProbed() {
        assertThat(S3FailureDiagnosis.brokeOff(brokenPipe())).isTrue();
        assertThat(S3FailureDiagnosis.brokeOff(refused())).isFalse();
        assertThat(S3FailureDiagnosis.brokeOff(SdkClientException.create(
                        "Unable to execute HTTP request: timed out",
                        new ConnectTimeoutException("Connect to 10.0.0.1:9000 timed out"))))
                .isFalse();
        assertThat(S3FailureDiagnosis.brokeOff(SdkClientException.create("Unable to load credentials")))
                .isFalse();
    }

    @Test
    void theProbeAnswersThatExplainABrokenUpload() {
        assertThat(S3FailureDiagnosis.explainsBrokenUpload(answer(403, "SignatureDoesNotMatch", "x")))
                .isTrue();
        assertThat(S3FailureDiagnosis.explainsBrokenUpload(answer(404, "NoSuchBucket", "x")))
                .isTrue();
        assertThat(S3FailureDiagnosis.explainsBrokenUpload(answer(301, null, null)))
                .isTrue();
        assertThat(S3FailureDiagnosis.explainsBrokenUpload(answer(403, "AccessDenied", "x")))
                .isFalse();
        assertThat(S3FailureDiagnosis.explainsBrokenUpload(answer(500, "InternalError", "x")))
                .isFalse();
    }
}
