package io.github.cfaudit.sink.s3;

import java.time.Clock;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Sets the Object Lock retention on every PutObject of the sink's S3 client: the Camel aws2-s3 producer (data
 * objects) has no header for it, and being on the client, it also covers every other object written with it (the
 * {@code --check} object, manifests), so no put can leave without it.
 *
 * <p>AWS refuses a PutObject with lock parameters that carries neither {@code Content-MD5} nor an SDK checksum
 * ({@code x-amz-sdk-checksum-algorithm}); every put of the sink sends Content-MD5, and one that would not fails here,
 * before it is sent, rather than with a 400 from AWS only (S3-compatible servers may not check).
 */
final class ObjectLockHeaders implements ExecutionInterceptor {
    private final ObjectLock lock;
    private final Clock clock;

    ObjectLockHeaders(ObjectLock lock, Clock clock) {
        this.lock = lock;
        this.clock = clock;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof PutObjectRequest put)) {
            return context.request();
        }
        if (put.contentMD5() == null && put.checksumAlgorithm() == null) {
            throw new IllegalStateException("PutObject of " + put.key()
                    + " has neither Content-MD5 nor a checksum algorithm, which S3 requires with Object Lock");
        }
        return put.toBuilder()
                .objectLockMode(lock.mode())
                .objectLockRetainUntilDate(lock.retainUntil(clock.instant()))
                .build();
    }
}
