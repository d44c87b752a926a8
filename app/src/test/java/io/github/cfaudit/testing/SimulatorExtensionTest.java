package io.github.cfaudit.testing;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static io.github.cfaudit.testing.AuditHarness.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.source.RunOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link Harness} and {@link Simulator} fields: a fresh, running one for each test, closed and deleted after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatorExtensionTest {
    private static AuditHarness previous;
    private static CloudflareApiSimulator previousSim;

    @Harness
    AuditHarness h;

    @Harness
    AuditHarness other;

    @Simulator(token = "tok-ext-1")
    CloudflareApiSimulator sim;

    @Test
    @Order(1)
    void eachFieldHasItsOwnRunningSimulatorAndDirectory() throws Exception {
        assertThat(h.dir).isDirectory();
        assertThat(other.dir).isDirectory().isNotEqualTo(h.dir);
        assertThat(other.sim.port()).isNotEqualTo(h.sim.port());
        h.source("acct", "account", "account-id", ACCOUNT);
        h.fileSink("all", null);
        h.accountEntriesEveryMinute("e%02d", 3, DAY);
        assertThat(h.runOnceSingle().outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(AuditHarness.ids(h.dir.resolve("out-all"))).containsExactly("e00", "e01", "e02");
        assertThat(status(sim, "tok-ext-1")).isEqualTo(200);
        assertThat(status(sim, AuditHarness.TOKEN)).isEqualTo(403);
        previous = h;
        previousSim = sim;
    }

    @Test
    @Order(2)
    void theNextTestHasNewOnesAndThoseOfThePreviousAreClosedAndDeleted() {
        assertThat(previous).as("the first test ran").isNotNull();
        assertThat(h).isNotSameAs(previous);
        assertThat(sim).isNotSameAs(previousSim);
        assertThat(previous.dir).doesNotExist();
        assertThatThrownBy(() -> new Socket("127.0.0.1", previous.sim.port()).close())
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", previousSim.port()).close())
                .isInstanceOf(ConnectException.class);
        assertThat(h.checkpoint("acct")).as("nothing carried over").isEmpty();
    }

    private static int status(CloudflareApiSimulator sim, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/accounts/" + ACCOUNT
                        + "/logs/audit?since=2026-11-20T00:00:00Z&before=2026-11-21T00:00:00Z"))
                .header("Authorization", "Bearer " + token)
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
