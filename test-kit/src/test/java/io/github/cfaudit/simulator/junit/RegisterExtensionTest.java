package io.github.cfaudit.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.AuditLogClient;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.simulator.junit.CloudflareApiSimulatorExtension.Reset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @RegisterExtension} in a static field, settings in code; {@link Reset#SWITCHES} keeps the entries. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterExtensionTest {

    @RegisterExtension
    static final CloudflareApiSimulatorExtension CLOUDFLARE =
            CloudflareApiSimulatorExtension.create().acceptToken("reg-token").reset(Reset.SWITCHES);

    @BeforeAll
    static void seedOnce() {
        CLOUDFLARE.simulator().addOrganizationEntry("org-9", AuditLogClient.entry("once", "12:00:00"));
    }

    @Test
    @Order(1)
    void theFieldGivesTheRunningSimulator(CloudflareApiSimulator sim) throws Exception {
        assertThat(CLOUDFLARE.simulator()).isSameAs(sim);
        assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-9", "reg-token")
                        .ids())
                .containsExactly("once");
        sim.failWhen(r -> true, 100, 502, "text/html", "<html>502</html>");
    }

    @Test
    @Order(2)
    void entriesSeededOnceStayAndTheFaultIsGone(CloudflareApiSimulator sim) throws Exception {
        AuditLogClient.Answer answer = AuditLogClient.organizationLog(sim.baseUrl(), "org-9", "reg-token");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.ids()).containsExactly("once");
    }
}
