package io.github.cfaudit.simulator.junit;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link CloudflareApiSimulatorTest}: one {@link CloudflareApiSimulator} per test class,
 * reset before each test, injected as a parameter. Registered by the annotation, it takes its settings from it;
 * registered in code, from its own builder methods:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final CloudflareApiSimulatorExtension CLOUDFLARE =
 *         CloudflareApiSimulatorExtension.create().acceptToken("test-token");
 *
 * @Test
 * void readsTheLog() {
 *     CLOUDFLARE.simulator().addAccountEntry("acc-1", entryJson);
 * }
 * }</pre>
 *
 * In a {@code static} field the simulator lives as long as the test class; in an instance field JUnit only calls the
 * extension around each test, so each test gets a simulator of its own. The simulator is stopped by the extension,
 * not by JUnit's store, so this works the same with every JUnit 5 version from 5.8.
 */
public final class CloudflareApiSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** What goes back to the start state before each test of a class that shares one simulator. */
    public enum Reset {
        /**
         * Everything: every switch and fault off ({@link CloudflareApiSimulator#reset()}), no entries, no recorded
         * requests, and the configured tokens as the only credentials. Seed entries in {@code @BeforeEach} or in the
         * test.
         */
        ALL,
        /**
         * Switches, faults, delays and rate limits off, and the request log emptied; entries and credentials stay
         * (seeded once in {@code @BeforeAll}, they serve every test).
         */
        SWITCHES,
        /** Nothing: each test sees what the previous one left. */
        NONE
    }

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CloudflareApiSimulatorExtension.class);
    private static final String KEY = "simulator";

    /** Whether the settings are this object's own (built in code) rather than the annotation's. */
    private final boolean programmatic;

    private final List<String> tokens = new ArrayList<>();
    private Reset reset = Reset.ALL;
    private volatile CloudflareApiSimulator current;

    /** The extension as {@link CloudflareApiSimulatorTest} registers it: settings from the annotation. */
    public CloudflareApiSimulatorExtension() {
        this(false);
    }

    private CloudflareApiSimulatorExtension(boolean programmatic) {
        this.programmatic = programmatic;
    }

    /** An extension for {@code @RegisterExtension}: no tokens (every request accepted) and {@link Reset#ALL}. */
    public static CloudflareApiSimulatorExtension create() {
        return new CloudflareApiSimulatorExtension(true);
    }

    /** The simulator accepts this API token; once one is given, requests without an accepted one get 403. */
    public CloudflareApiSimulatorExtension acceptToken(String token) {
        checkProgrammatic();
        tokens.add(Objects.requireNonNull(token, "token"));
        return this;
    }

    /** What goes back to the start state before each test (default {@link Reset#ALL}). */
    public CloudflareApiSimulatorExtension reset(Reset reset) {
        checkProgrammatic();
        this.reset = Objects.requireNonNull(reset, "reset");
        return this;
    }

    /** The running simulator of the current test class (or test). */
    public CloudflareApiSimulator simulator() {
        CloudflareApiSimulator sim = current;
        if (sim == null) {
            throw new IllegalStateException("no simulator running: the extension starts it before the tests");
        }
        return sim;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Running running = running(context);
        if (!running.ownerId().equals(context.getUniqueId())) {
            running.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CloudflareApiSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return running(extensionContext).simulator();
    }

    /**
     * The simulator this context sees: its own, an enclosing context's (the class's, for a test; the outer class's,
     * for a {@code @Nested} one), or a new one it owns.
     */
    private Running running(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Running running = store.get(KEY, Running.class);
        if (running == null) {
            Settings settings = settings(context);
            CloudflareApiSimulator sim = CloudflareApiSimulator.start();
            running = new Running(sim, context.getUniqueId(), settings);
            running.acceptTokens();
            store.put(KEY, running);
        }
        current = running.simulator();
        return running;
    }

    private void stopIfOwner(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Running running = store.get(KEY, Running.class);
        if (running != null && running.ownerId().equals(context.getUniqueId())) {
            store.remove(KEY);
            running.simulator().close();
            if (current == running.simulator()) {
                current = null;
            }
        }
    }

    private Settings settings(ExtensionContext context) {
        if (programmatic) {
            return new Settings(List.copyOf(tokens), reset);
        }
        return annotation(context)
                .map(a -> new Settings(List.of(a.tokens()), a.reset()))
                .orElseGet(() -> new Settings(List.of(), Reset.ALL));
    }

    /** The annotation on the test class, a superclass ({@code @Inherited}), or an enclosing class. */
    private static Optional<CloudflareApiSimulatorTest> annotation(ExtensionContext context) {
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            CloudflareApiSimulatorTest a = c.getAnnotation(CloudflareApiSimulatorTest.class);
            if (a == null) {
                for (var meta : c.getAnnotations()) {
                    a = meta.annotationType().getAnnotation(CloudflareApiSimulatorTest.class);
                    if (a != null) {
                        break;
                    }
                }
            }
            if (a != null) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private void checkProgrammatic() {
        if (!programmatic) {
            throw new IllegalStateException("set the annotation's attributes instead: this extension reads them");
        }
    }

    private record Settings(List<String> tokens, Reset reset) {}

    /** A started simulator, the unique id of the context that started it (and stops it), and its settings. */
    private record Running(CloudflareApiSimulator simulator, String ownerId, Settings settings) {
        void acceptTokens() {
            settings.tokens().forEach(simulator::acceptToken);
        }

        void reset() {
            switch (settings.reset()) {
                case ALL -> {
                    simulator.reset().clearData().clearRequests().clearCredentials();
                    acceptTokens();
                }
                case SWITCHES -> simulator.reset().clearRequests();
                case NONE -> {}
            }
        }
    }
}
