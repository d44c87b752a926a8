package io.github.cfaudit.component;

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
 * Records every log event written while it is open (try-with-resources), with the loggers named turned up to DEBUG,
 * so that a test can check what reached the log, e.g. that no secret did. A trimmed copy of the application's test
 * helper: the component's tests cannot see it, and log4j is a test dependency here only (the host owns logging).
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final AtomicInteger CAPTURES = new AtomicInteger();

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();

    private LogCapture(String... debugLoggers) {
        super("capture-" + CAPTURES.incrementAndGet(), null, null, true, Property.EMPTY_ARRAY);
        start();
        for (String name : debugLoggers) {
            previousLevels.put(name, LogManager.getLogger(name).getLevel());
            Configurator.setLevel(name, Level.DEBUG);
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    /** Every logger's events, with the loggers named (and those below them) at DEBUG until closed. */
    static LogCapture withDebug(String... debugLoggers) {
        return new LogCapture(debugLoggers);
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
                + event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        events.add(line.toString());
    }

    /** Every event with level, logger and stack trace, one after the other. */
    String all() {
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
