package io.github.cfaudit.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records the log events written while it is open (try-with-resources), so that a test can wait for an event (a
 * failed attempt) instead of sleeping, or check what reached the log, e.g. that no secret did. Each event is kept as
 * its formatted message and as a line {@code LEVEL logger - message} followed by its stack trace, if any.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final AtomicInteger CAPTURES = new AtomicInteger();

    private final String loggerPrefix;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();

    private LogCapture(String loggerPrefix, String... debugLoggers) {
        super("capture-" + CAPTURES.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY);
        this.loggerPrefix = loggerPrefix;
        start();
        for (String name : debugLoggers) {
            previousLevels.put(name, LogManager.getLogger(name).getLevel());
            Configurator.setLevel(name, Level.DEBUG);
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    /** The events of {@code source}'s logger, at the levels configured. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source.getName());
    }

    /** Every event, with the loggers named (and those below them) turned up to DEBUG until closed. */
    public static LogCapture withDebug(String... debugLoggers) {
        return new LogCapture("", debugLoggers);
    }

    @Override
    public void append(LogEvent event) {
        String logger = event.getLoggerName();
        if (!loggerPrefix.isEmpty() && !logger.equals(loggerPrefix) && !logger.startsWith(loggerPrefix + ".")) {
            return;
        }
        String message = event.getMessage().getFormattedMessage();
        StringBuilder line = new StringBuilder(event.getLevel() + " " + logger + " - " + message);
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        messages.add(message);
        events.add(line.toString());
    }

    /** The formatted messages, in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** How many messages contain {@code fragment}. */
    public long count(String fragment) {
        return messages.stream().filter(m -> m.contains(fragment)).count();
    }

    /** Every event with level, logger and stack trace, one after the other. */
    public String all() {
        return String.join("\n", events);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        previousLevels.forEach(Configurator::setLevel);
        context.updateLoggers();
        stop();
    }
}
