package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.PackagedApp;
import io.github.cfaudit.testing.PackagedApp.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check} against a good setup and a broken one: a table with OK or the exact problem, and the exit code. */
class CheckIT {

    @TempDir
    Path dir;

    private Result check(String properties) throws Exception {
        Path config = dir.resolve("check.properties");
        Files.writeString(config, properties);
        return PackagedApp.run(
                PackagedApp.javaJar("--config", config.toString(), "--check"), dir, Duration.ofSeconds(60));
    }

    private String base(CloudflareApiSimulator sim, String token) {
        return """
                cfaudit.api.base-url=%s
                cfaudit.api.token=%s
                cfaudit.state.directory=%s
                cfaudit.source.acct.type=account
                cfaudit.source.acct.account-id=%s
                """.formatted(sim.baseUrl(), token, dir.resolve("state"), ACCOUNT);
    }

    @Test
    void aGoodSetupPassesAndNothingIsDeliveredOrCommitted() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("good")) {
            Result r = check(base(sim, "good") + "cfaudit.sink.all.type=file\ncfaudit.sink.all.directory="
                    + dir.resolve("out") + "\n");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output())
                    .containsPattern("source acct +OK +GET /accounts/" + ACCOUNT + "/logs/audit answered 200")
                    .containsPattern("sink all +OK +directory .* is writable")
                    .contains("All checks passed.");
            assertThat(r.output())
                    .containsPattern("connection default +OK +GET /user/tokens/verify answered 200: user token "
                            + "active; used by source acct");
            // the token once, then one page of the source
            assertThat(sim.requests())
                    .extracting(rq -> rq.path())
                    .containsExactly("/client/v4/user/tokens/verify", "/client/v4/accounts/" + ACCOUNT + "/logs/audit");
            assertThat(sim.requests().get(1).param("limit")).isEqualTo("1");
            assertThat(dir.resolve("state")).doesNotExist();
        }
    }

    @Test
    void aBrokenSetupNamesEachProblemAndItsFix() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("good")) {
            Path notADirectory = dir.resolve("file");
            Files.writeString(notADirectory, "x");
            Result r = check(base(sim, "bad-token")
                    + "cfaudit.sink.all.type=file\ncfaudit.sink.all.directory=" + notADirectory.resolve("out") + "\n"
                    + "cfaudit.sink.stream.type=endpoint\ncfaudit.sink.stream.uri=direct:nobody-listens\n");
            assertThat(r.exit()).as(r.output()).isEqualTo(1);
            assertThat(r.output())
                    .containsPattern(
                            "source acct +FAILED +Cloudflare API answered HTTP 403 .*Authentication error.*Account Settings Read")
                    .containsPattern("sink all +FAILED +.*file")
                    .containsPattern("sink stream +FAILED +no route consumes direct:nobody-listens")
                    .contains("Some checks failed.")
                    .doesNotContain("bad-token");
        }
    }

    @Test
    void eachConnectionIsProbedOnceAndNamesTheSourcesUsingIt() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptToken("good-a-1f2e")) {
            Path tokenFile = dir.resolve("token-b");
            Files.writeString(tokenFile, "revoked-b-8c3d\n");
            Result r = check("""
                    cfaudit.state.directory=%s
                    cfaudit.connection.tenant-a.base-url=%s
                    cfaudit.connection.tenant-a.token=good-a-1f2e
                    cfaudit.connection.tenant-b.base-url=%s
                    cfaudit.connection.tenant-b.token-file=%s
                    cfaudit.source.acct.type=account
                    cfaudit.source.acct.account-id=%s
                    cfaudit.source.acct.connection=tenant-a
                    cfaudit.source.org.type=organization
                    cfaudit.source.org.organization-id=a67e14daa5f8dceeb91fe5449ba496ef
                    cfaudit.source.org.connection=tenant-a
                    cfaudit.source.other.type=account
                    cfaudit.source.other.account-id=0123456789abcdef0123456789abcdef
                    cfaudit.source.other.connection=tenant-b
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    """.formatted(
                    dir.resolve("state"), sim.baseUrl(), sim.baseUrl(), tokenFile, ACCOUNT, dir.resolve("out")));
            assertThat(r.exit()).as(r.output()).isEqualTo(1);
            assertThat(r.output())
                    .containsPattern(
                            "connection tenant-a +OK +GET /user/tokens/verify answered 200: user token active; used by "
                                    + "sources acct, org")
                    .containsPattern(
                            "connection tenant-b +FAILED +GET /user/tokens/verify answered HTTP 401 \\(Invalid API "
                                    + "Token\\), GET /accounts/0123456789abcdef0123456789abcdef/tokens/verify answered "
                                    + "HTTP 401 \\(Invalid API Token\\): the token of cfaudit.connection.tenant-b.token "
                                    + "\\(or cfaudit.connection.tenant-b.token-file\\) is not valid: neither a user token "
                                    + "nor an account-owned token of account 0123456789abcdef0123456789abcdef")
                    .containsPattern("source acct +OK +GET /accounts/" + ACCOUNT
                            + "/logs/audit answered 200 .*\\(connection " + "tenant-a\\)")
                    .containsPattern("source other +FAILED +Cloudflare API answered HTTP 403")
                    .doesNotContain("good-a-1f2e")
                    .doesNotContain("revoked-b-8c3d");
            assertThat(sim.requests())
                    .filteredOn(rq -> rq.path().endsWith("/user/tokens/verify"))
                    .hasSize(2);
        }
    }

    @Test
    void anAccountOwnedTokenIsVerifiedAtItsAccountAndPasses() throws Exception {
        String owned = "acct-owned-2b9d47";
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start().acceptAccountToken(owned, ACCOUNT)) {
            Result r = check(base(sim, owned) + "cfaudit.sink.all.type=file\ncfaudit.sink.all.directory="
                    + dir.resolve("out") + "\n");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output())
                    .containsPattern("connection default +OK +GET /accounts/" + ACCOUNT + "/tokens/verify answered "
                            + "200: account-owned token of account " + ACCOUNT + ", active \\(GET /user/tokens/verify "
                            + "answered HTTP 401 \\(Invalid API Token\\): not a user token\\); used by source acct")
                    .containsPattern("source acct +OK +GET /accounts/" + ACCOUNT + "/logs/audit answered 200")
                    .contains("All checks passed.")
                    .doesNotContain(owned);
            assertThat(sim.requests())
                    .extracting(rq -> rq.path())
                    .containsExactly(
                            "/client/v4/user/tokens/verify",
                            "/client/v4/accounts/" + ACCOUNT + "/tokens/verify",
                            "/client/v4/accounts/" + ACCOUNT + "/logs/audit");
        }
    }

    @Test
    void aTokenNeitherEndpointAcceptsIsInvalid() throws Exception {
        String unknown = "never-issued-71c0de";
        try (CloudflareApiSimulator sim =
                CloudflareApiSimulator.start().acceptAccountToken("acct-owned-2b9d47", ACCOUNT)) {
            Result r = check(base(sim, unknown) + "cfaudit.sink.all.type=file\ncfaudit.sink.all.directory="
                    + dir.resolve("out") + "\n");
            assertThat(r.exit()).as(r.output()).isEqualTo(1);
            assertThat(r.output())
                    .containsPattern("connection default +FAILED +GET /user/tokens/verify answered HTTP 401 "
                            + "\\(Invalid API Token\\), GET /accounts/" + ACCOUNT + "/tokens/verify answered HTTP 401 "
                            + "\\(Invalid API Token\\): the token of cfaudit.api.token \\(or cfaudit.api.token-file\\) "
                            + "is not valid: neither a user token nor an account-owned token of account " + ACCOUNT)
                    .contains("Some checks failed.")
                    .doesNotContain(unknown);
        }
    }

    @Test
    void anUnreachableApiIsReported() throws Exception {
        try (CloudflareApiSimulator sim = CloudflareApiSimulator.start()) {
            String props = base(sim, "t").replace(sim.baseUrl(), "http://127.0.0.1:1/client/v4")
                    + "cfaudit.sink.all.type=file\ncfaudit.sink.all.directory=" + dir.resolve("out") + "\n";
            Result r = check(props);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.output())
                    .containsPattern("source acct +FAILED +could not connect to http://127.0.0.1:1/client/v4");
        }
    }
}
