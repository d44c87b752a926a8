package io.github.cfaudit.simulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.cfaudit.simulator.AuditLogClient;
import io.github.cfaudit.simulator.CloudflareApiSimulator;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

/** When the extension starts and stops simulators: the fixture classes run in JUnit's engine test kit. */
class ExtensionLifecycleTest {
    static final List<CloudflareApiSimulator> SEEN = new CopyOnWriteArrayList<>();

    @CloudflareApiSimulatorTest
    static class OneForTheClass {
        @Test
        void first(CloudflareApiSimulator sim) throws Exception {
            SEEN.add(sim);
            new Socket("127.0.0.1", sim.port()).close();
        }

        @Test
        void second(CloudflareApiSimulator sim) {
            SEEN.add(sim);
        }
    }

    static class OneForEachTest {
        @RegisterExtension
        final CloudflareApiSimulatorExtension cloudflare = CloudflareApiSimulatorExtension.create();

        @Test
        void first(CloudflareApiSimulator sim) {
            assertThat(cloudflare.simulator()).isSameAs(sim);
            SEEN.add(sim);
        }

        @Test
        void second(CloudflareApiSimulator sim) {
            SEEN.add(sim);
        }
    }

    @CloudflareApiSimulatorTest(tokens = "none-token", reset = CloudflareApiSimulatorExtension.Reset.NONE)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ResetNone {
        @Test
        @Order(1)
        void leaves(CloudflareApiSimulator sim) {
            SEEN.add(sim);
            sim.addOrganizationEntry("org-1", AuditLogClient.entry("kept", "10:00:00"))
                    .acceptToken("second-token")
                    .setMaxPageSize(1);
        }

        @Test
        @Order(2)
        void findsWhatThePreviousTestLeft(CloudflareApiSimulator sim) throws Exception {
            SEEN.add(sim);
            assertThat(sim.organizationIds("org-1")).containsExactly("kept");
            assertThat(AuditLogClient.organizationLog(sim.baseUrl(), "org-1", "second-token")
                            .ids())
                    .containsExactly("kept");
            assertThat(sim.requests()).hasSize(1);
        }
    }

    @Test
    void resetNoneKeepsEverythingBetweenTests() {
        SEEN.clear();
        run(ResetNone.class);
        assertThat(SEEN).hasSize(2);
        assertStopped(SEEN.get(0));
    }

    @Test
    void theAnnotationStartsOneSimulatorForTheClassAndStopsItAfterTheLastTest() {
        SEEN.clear();
        run(OneForTheClass.class);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertStopped(SEEN.get(0));
    }

    @Test
    void anInstanceFieldExtensionGivesEachTestItsOwnAndStopsItAfterTheTest() {
        SEEN.clear();
        run(OneForEachTest.class);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
        assertThat(SEEN.get(0).port()).isNotEqualTo(SEEN.get(1).port());
        SEEN.forEach(ExtensionLifecycleTest::assertStopped);
    }

    private static void run(Class<?> fixture) {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .execute()
                .testEvents()
                .assertStatistics(s -> s.started(2).succeeded(2));
    }

    private static void assertStopped(CloudflareApiSimulator sim) {
        assertThatThrownBy(() -> new Socket("127.0.0.1", sim.port()).close()).isInstanceOf(ConnectException.class);
    }
}
