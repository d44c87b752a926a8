package io.github.cfaudit.sink.syslog;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a static {@link Rsyslog} field that {@link RsyslogExtension} fills before the class's tests with a running
 * rsyslogd in a temporary directory, with TLS inputs and their {@link Rsyslog#tls() material} when {@link #tls()},
 * and stops after them. The class's tests are skipped, with a message, where rsyslogd (or its TLS driver) is absent.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RsyslogExtension.class)
@interface Rsyslogd {
    boolean tls() default false;
}
