package io.github.cfaudit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

class LogCaptureTest {
    private static final Logger MINE = LogManager.getLogger(LogCaptureTest.class);
    private static final Logger OTHER = LogManager.getLogger("io.github.cfaudit.elsewhere");

    @Test
    void ofAClassRecordsThatLoggerOnlyAndOnlyWhileOpen() {
        try (LogCapture log = LogCapture.of(LogCaptureTest.class)) {
            MINE.info("attempt 1 to deliver failed");
            OTHER.info("attempt 1 to deliver elsewhere");
            MINE.info("attempt 2 to deliver failed");
            assertThat(log.messages()).containsExactly("attempt 1 to deliver failed", "attempt 2 to deliver failed");
            assertThat(log.count("to deliver")).isEqualTo(2);
            MINE.info("closing");
            log.close();
            MINE.info("after close");
            assertThat(log.messages()).doesNotContain("after close");
        }
    }

    @Test
    void withDebugRecordsEveryLoggerAtDebugWithStackTracesAndRestoresTheLevel() {
        Level before = LogManager.getLogger("io.github.cfaudit").getLevel();
        assertThat(before).isNotEqualTo(Level.DEBUG);
        try (LogCapture log = LogCapture.withDebug("io.github.cfaudit")) {
            OTHER.debug("detail {}", 42);
            OTHER.warn("failed", new IllegalStateException("the cause"));
            assertThat(log.all())
                    .contains("DEBUG io.github.cfaudit.elsewhere - detail 42")
                    .contains("WARN io.github.cfaudit.elsewhere - failed\njava.lang.IllegalStateException: the cause");
        }
        assertThat(LogManager.getLogger("io.github.cfaudit").getLevel()).isEqualTo(before);
    }
}
