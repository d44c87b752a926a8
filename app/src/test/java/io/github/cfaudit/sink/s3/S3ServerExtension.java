package io.github.cfaudit.sink.s3;

import io.github.cfaudit.testing.FieldExtension;
import java.lang.reflect.Field;
import java.util.Deque;

/** Gives each field marked {@link S3Server} a new s3proxy for the test, and closes it after. */
final class S3ServerExtension extends FieldExtension {

    @Override
    protected Object open(Field field, Deque<AutoCloseable> toClose) {
        S3Server options = field.getAnnotation(S3Server.class);
        if (options == null) {
            return null;
        }
        S3ProxyServer s3 = S3ProxyServer.create();
        toClose.push(s3);
        if (options.started()) {
            s3.start();
        }
        s3.createBucket(options.bucket());
        return s3;
    }
}
