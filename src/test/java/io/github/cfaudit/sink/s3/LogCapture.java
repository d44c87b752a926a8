package io.github.cfaudit.sink.s3;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records every log event (message and stack trace) while open, with the given loggers turned up to DEBUG, so a
 * test can check what reached the log, e.g. that no secret did.
 */
final class LogCapture implements AutoCloseable {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final Map<String, Level> previous = new LinkedHashMap<>();

    LogCapture(String... debugLoggers) {
        appender =
                new AbstractAppender(
                        "capture-" + System.identityHashCode(this), null, null, true, Property.EMPTY_ARRAY) {
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
                };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        for (String name : debugLoggers) {
            previous.put(name, LogManager.getLogger(name).getLevel());
            Configurator.setLevel(name, Level.DEBUG);
        }
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    List<String> events() {
        return List.copyOf(events);
    }

    String all() {
        return String.join("\n", events);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        previous.forEach(Configurator::setLevel);
        context.updateLoggers();
        appender.stop();
    }
}
