package io.github.cfaudit.simulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against one {@link io.github.cfaudit.simulator.CloudflareApiSimulator}: started on a free port of
 * 127.0.0.1 before the class's first test (before its {@code @BeforeAll} methods), stopped after its last, brought back
 * to its start state before each test as {@link #reset()} says, and injected into every constructor, lifecycle method
 * and test method with a {@code CloudflareApiSimulator} parameter. {@code @Nested} classes share their outer class's.
 *
 * <pre>{@code
 * @CloudflareApiSimulatorTest(tokens = "test-token")
 * class MyAuditTest {
 *     @Test
 *     void readsTheLog(CloudflareApiSimulator sim) {
 *         sim.addOrganizationEntry("org-1", "{\"id\":\"e1\",\"action\":{\"time\":\"2026-11-20T10:00:00Z\"}}");
 *         // point the code under test at sim.baseUrl() with the token "test-token"
 *     }
 * }
 * }</pre>
 *
 * For settings made in code, register {@link CloudflareApiSimulatorExtension} with {@code @RegisterExtension} instead.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CloudflareApiSimulatorExtension.class)
public @interface CloudflareApiSimulatorTest {
    /**
     * The API tokens the simulator accepts ({@code Authorization: Bearer}); other credentials then get 403. None (the
     * default): the simulator accepts every request, with or without credentials.
     */
    String[] tokens() default {};

    /** What goes back to the start state before each test; by default everything. */
    CloudflareApiSimulatorExtension.Reset reset() default CloudflareApiSimulatorExtension.Reset.ALL;
}
