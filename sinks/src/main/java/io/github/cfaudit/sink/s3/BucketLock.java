package io.github.cfaudit.sink.s3;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;

/**
 * Whether a bucket has S3 Object Lock, as GetObjectLockConfiguration answers, for {@code --check}.
 *
 * @param enabled     true or false when the bucket said so; null when it could not be told (no permission, a
 *                    service without Object Lock, no answer)
 * @param description {@code not enabled}, {@code enabled, default retention COMPLIANCE 7 years},
 *                    {@code could not tell: <reason>}
 */
record BucketLock(Boolean enabled, String description) {
    static final String NOT_FOUND = "ObjectLockConfigurationNotFoundError";

    static BucketLock of(ObjectLockConfiguration configuration) {
        if (configuration == null || configuration.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            return new BucketLock(false, "not enabled");
        }
        DefaultRetention d =
                configuration.rule() == null ? null : configuration.rule().defaultRetention();
        if (d == null) {
            return new BucketLock(true, "enabled, no default retention");
        }
        String period = d.years() != null && d.years() > 0 ? d.years() + " year(s)" : d.days() + " day(s)";
        return new BucketLock(true, "enabled, default retention " + d.modeAsString() + " " + period);
    }

    /** The bucket's error answer: no configuration means not enabled, anything else leaves it open. */
    static BucketLock of(AwsServiceException answer) {
        String code = answer.awsErrorDetails() == null
                ? null
                : answer.awsErrorDetails().errorCode();
        if (NOT_FOUND.equals(code)) {
            return new BucketLock(false, "not enabled");
        }
        String hint = "AccessDenied".equals(code)
                ? " (it needs s3:GetBucketObjectLockConfiguration on the bucket)"
                : "NotImplemented".equals(code) ? " (this service does not implement Object Lock)" : "";
        return new BucketLock(
                null,
                "could not tell: GetObjectLockConfiguration answered HTTP " + answer.statusCode()
                        + (code == null ? "" : " " + code) + hint);
    }

    /** No answer at all. */
    static BucketLock unknown(Throwable failure) {
        return new BucketLock(
                null,
                "could not tell: GetObjectLockConfiguration got no answer ("
                        + S3FailureDiagnosis.innermostMessage(failure) + ")");
    }
}
