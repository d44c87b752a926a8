package io.github.cfaudit.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.AuditLogClient;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link CloudflareApiSimulatorTest}: one simulator for the class, injected, reset to its start before each test. */
@CloudflareApiSimulatorTest(tokens = "kit-token")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnotationExtensionTest {
    private static CloudflareApiSimulator fromBeforeAll;
    private final CloudflareApiSimulator fromConstructor;

    AnnotationExtensionTest(CloudflareApiSimulator sim) {
        this.fromConstructor = sim;
    }

    @BeforeAll
    static void startedBeforeAll(CloudflareApiSimulator sim) {
        fromBeforeAll = sim;
    }

    @BeforeEach
    void seed(CloudflareApiSimulator sim) {
        sim.addOrganizationEntry("org-1", AuditLogClient.entry("e1", "10:00:01"))
                .addOrganizationEntry("org-1", AuditLogClient.entry("e2", "10:00:02"));
    }

    @Test
    @Order(1)
    void theInjectedSimulatorServesTheSeededEntriesToTheDeclaredToken(CloudflareApiSimulator sim) throws Exception {
        assertThat(sim).isSameAs(fromBeforeAll).isSameAs(fromConstructor);
        AuditLogClient.Answer answer = AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "kit-token");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.ids()).containsExactly("e1", "e2");
        assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "other-token")
                        .status())
                .isEqualTo(403);

        // left behind for the next test: more entries, a fault, a token, a disabled declared token
        sim.addOrganizationEntry("org-1", AuditLogClient.entry("leftover", "10:00:03"))
                .failWhen(r -> true, 100, 500, "text/html", "<html>500</html>")
                .acceptToken("leftover-token")
                .setTokenStatus("kit-token", "disabled");
    }

    @Test
    @Order(2)
    void theNextTestGetsTheSameSimulatorBackInItsStartState(CloudflareApiSimulator sim) throws Exception {
        assertThat(sim).isSameAs(fromBeforeAll);
        assertThat(sim.requests()).as("the request log was emptied").isEmpty();
        assertThat(sim.organizationIds("org-1")).containsExactly("e1", "e2");
        AuditLogClient.Answer answer = AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "kit-token");
        assertThat(answer.status()).as("no fault, the token active again").isEqualTo(200);
        assertThat(answer.ids()).containsExactly("e1", "e2");
        assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "leftover-token")
                        .status())
                .isEqualTo(403);
    }

    @Nested
    class InANestedClass {
        @Test
        void theOuterClassSimulatorIsInjected(CloudflareApiSimulator sim) throws Exception {
            assertThat(sim).isSameAs(fromBeforeAll);
            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "kit-token")
                            .ids())
                    .containsExactly("e1", "e2");
        }
    }
}
