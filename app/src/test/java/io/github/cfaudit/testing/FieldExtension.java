package io.github.cfaudit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A JUnit 5 extension that fills annotated fields of a test class and closes what it opened for them, last opened
 * first: static fields before all its tests (before {@code @BeforeAll} methods) and after all of them, instance fields
 * before each test (before {@code @BeforeEach} methods) and after it. A subclass says which fields are its own and
 * opens their values; see {@link SimulatorExtension}.
 */
public abstract class FieldExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /**
     * The value for {@code field}, or {@code null} when the field is not this extension's. Everything opened for it
     * is pushed on {@code toClose}, so that it is closed even when opening a later value fails.
     */
    protected abstract Object open(Field field, Deque<AutoCloseable> toClose) throws Exception;

    /** A new temporary directory, deleted with all it holds when the values are closed. */
    protected static Path temporaryDirectory(Deque<AutoCloseable> toClose) throws IOException {
        Path dir = Files.createTempDirectory("cfaudit-it-");
        toClose.push(() -> deleteRecursively(dir));
        return dir;
    }

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        fill(context.getRequiredTestClass(), null, toClose(context, "all"));
    }

    @Override
    public final void beforeEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        fill(test.getClass(), test, toClose(context, "each"));
    }

    @Override
    public final void afterEach(ExtensionContext context) throws Exception {
        closeAll(toClose(context, "each"));
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        closeAll(toClose(context, "all"));
    }

    /** The static fields when {@code test} is null, else the instance fields. */
    private void fill(Class<?> testClass, Object test, Deque<AutoCloseable> toClose) throws Exception {
        for (Class<?> c = testClass; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) != (test == null)) {
                    continue;
                }
                Object value = open(field, toClose);
                if (value == null) {
                    continue;
                }
                if (!field.getType().isInstance(value)) {
                    throw new IllegalStateException(
                            field + " cannot hold a " + value.getClass().getName());
                }
                field.setAccessible(true);
                field.set(test, value);
            }
        }
    }

    private static void closeAll(Deque<AutoCloseable> toClose) throws Exception {
        Exception failure = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One list for the class and one for each test: keys differ, since a test's store also sees its class's. */
    @SuppressWarnings("unchecked")
    private Deque<AutoCloseable> toClose(ExtensionContext context, String level) {
        return context.getStore(Namespace.create(getClass()))
                .getOrComputeIfAbsent("toClose-" + level, k -> new ArrayDeque<AutoCloseable>(), Deque.class);
    }

    /** What cannot be deleted fails the test, as with JUnit's {@code @TempDir}. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the test directory " + dir, e);
        }
    }
}
