package io.github.cfaudit.testing;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Deque;

/**
 * The setup the simulator-backed integration tests share: before each test, every instance field marked
 * {@link Harness} gets a new {@link AuditHarness} in a new temporary directory, and every field marked
 * {@link Simulator} a newly started {@link CloudflareApiSimulator}; after the test they are closed and the directory
 * deleted. The annotations register it: a test class only declares the field.
 */
public final class SimulatorExtension extends FieldExtension {

    @Override
    protected Object open(Field field, Deque<AutoCloseable> toClose) throws IOException {
        if (field.isAnnotationPresent(Harness.class)) {
            AuditHarness harness = new AuditHarness(temporaryDirectory(toClose));
            toClose.push(harness);
            return harness;
        }
        Simulator simulator = field.getAnnotation(Simulator.class);
        if (simulator != null) {
            CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken(simulator.token());
            toClose.push(sim);
            return sim;
        }
        return null;
    }
}
