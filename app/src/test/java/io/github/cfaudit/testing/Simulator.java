package io.github.cfaudit.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a {@link io.github.cfaudit.simulator.CloudflareApiSimulator} field that {@link SimulatorExtension} fills
 * before each test with a simulator started on a free port, accepting {@link #token()}, and closes after it.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SimulatorExtension.class)
public @interface Simulator {
    /** The API token the simulator accepts. */
    String token() default AuditHarness.TOKEN;
}
