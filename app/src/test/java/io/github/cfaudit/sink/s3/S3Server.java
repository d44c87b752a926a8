package io.github.cfaudit.sink.s3;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an {@link S3ProxyServer} field that {@link S3ServerExtension} fills before each test with a new server holding
 * an empty {@link #bucket()}, started unless {@link #started()} is false, and closes after it.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(S3ServerExtension.class)
@interface S3Server {
    String bucket();

    /** false: the port is chosen but nothing listens until the test calls {@link S3ProxyServer#start()}. */
    boolean started() default true;
}
