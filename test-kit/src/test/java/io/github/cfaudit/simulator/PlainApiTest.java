package io.github.cfaudit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The simulator without JUnit's help: start(), seed, a token, a fault, stop(). */
class PlainApiTest {

    @Test
    void startServesTheSeededEntriesToAnAcceptedTokenAndStopClosesThePort() throws Exception {
        CloudflareApiSimulator sim = CloudflareApiSimulator.start()
                .acceptToken("plain-token")
                .addOrganizationEntry("org-1", AuditLogClient.entry("e2", "10:00:02"))
                .addOrganizationEntry("org-1", AuditLogClient.entry("e1", "10:00:01"))
                .addOrganizationEntry("org-2", AuditLogClient.entry("other", "10:00:03"));
        int port = sim.port();
        try {
            assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + port + "/client/v4");
            AuditLogClient.Answer answer = AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "plain-token");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("success").asBoolean()).isTrue();
            assertThat(answer.ids()).containsExactly("e1", "e2");

            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "wrong-token")
                            .status())
                    .isEqualTo(403);
            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", null)
                            .status())
                    .isEqualTo(403);
        } finally {
            sim.stop();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        sim.stop(); // a second stop does nothing
        sim.close();
    }

    @Test
    void faultsApplyToTheNextRequestsAndResetTurnsThemOff() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start()) {
            sim.addOrganizationEntry("org-1", AuditLogClient.entry("e1", "10:00:01"));
            sim.failNext(1, 503, "application/json", "{\"success\":false,\"errors\":[],\"result\":null}");
            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", null)
                            .status())
                    .isEqualTo(503);
            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", null)
                            .ids())
                    .containsExactly("e1");

            sim.failWhen(r -> true, 5, 500, "text/html", "<html>500</html>").reset();
            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", null)
                            .status())
                    .isEqualTo(200);
            assertThat(sim.requests()).hasSize(3);
        }
    }
}
