package io.github.cfaudit.sink.syslog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one logger writes, so that a test can wait for an event (a failed attempt) instead of sleeping. */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> source) {
        super("capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = (Logger) LogManager.getLogger(source);
        start();
        logger.addAppender(this);
    }

    static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    @Override
    public void append(LogEvent event) {
        messages.add(event.getMessage().getFormattedMessage());
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    long count(String fragment) {
        return messages.stream().filter(m -> m.contains(fragment)).count();
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
