package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.testing.FieldExtension;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Deque;

/** Starts the rsyslogd of a field marked {@link Rsyslogd} and stops it after the tests. */
final class RsyslogExtension extends FieldExtension {

    @Override
    protected Object open(Field field, Deque<AutoCloseable> toClose) throws Exception {
        Rsyslogd options = field.getAnnotation(Rsyslogd.class);
        if (options == null) {
            return null;
        }
        if (options.tls()) {
            Rsyslog.assumeInstalled(true); // before the TLS material: generating it needs openssl
        }
        Path dir = temporaryDirectory(toClose);
        TlsMaterial tls = options.tls() ? TlsMaterial.generate(dir.resolve("tls")) : null;
        Rsyslog rsyslog = Rsyslog.start(dir.resolve("rsyslog"), tls);
        toClose.push(rsyslog);
        return rsyslog;
    }
}
