package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.Entries;
import io.github.cfaudit.testing.Tinyproxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distinctive secrets, every logger at DEBUG including the HTTP client's header and wire logs, runs that succeed and
 * runs that fail: no secret appears in any output, state file or sink file.
 */
class SecretsIT {
    private static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();
    private static final String TOKEN = "TOKEN-zq8x1-secret-value";
    private static final String GLOBAL_KEY = "GLOBALKEY-p4w2-secret-value";
    private static final String S3_SECRET = "S3SECRET-m7k3-secret-value";
    private static final String PROXY_PASSWORD = "PROXYPASS-h2v9-secret-value";
    private static final String PROXY_BASIC = java.util.Base64.getEncoder()
            .encodeToString(("cfaudit:" + PROXY_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    /** Secret files and the proxy's configuration live apart: every file below {@link #dir} is searched for secrets. */
    @TempDir
    Path secrets;

    @Test
    void noSecretInAnyLogStateOrOutput() throws Exception {
        try (CloudflareApiSimulator sim =
                CloudflareApiSimulator.start().acceptToken(TOKEN).acceptGlobalKey("ops@example.com", GLOBAL_KEY)) {
            for (int i = 0; i < 20; i++) {
                sim.addAccountEntry(
                        ACCOUNT,
                        Entries.audit(
                                "e" + i,
                                Instant.now().minus(Duration.ofMinutes(30)).plusSeconds(i)));
            }
            String common = """
                    cfaudit.api.base-url=%s
                    cfaudit.state.directory=%s
                    cfaudit.source.acct.type=account
                    cfaudit.source.acct.account-id=%s
                    cfaudit.source.acct.settle=PT0S
                    cfaudit.api.max-retries=1
                    cfaudit.api.retry-delay=PT0.1S
                    cfaudit.delivery.max-retries=1
                    cfaudit.delivery.retry-delay=PT0.1S
                    cfaudit.sink.all.type=file
                    cfaudit.sink.all.directory=%s
                    """.formatted(sim.baseUrl(), dir.resolve("state"), ACCOUNT, dir.resolve("out"));
            // 1. a token, a successful run
            run("token.properties", common + "cfaudit.api.token=" + TOKEN + "\n", 0);
            // 2. the global key, a successful run
            sim.addAccountEntry(ACCOUNT, Entries.audit("late", Instant.now().minusSeconds(5)));
            run(
                    "key.properties",
                    common + "cfaudit.api.email=ops@example.com\ncfaudit.api.key=" + GLOBAL_KEY + "\n",
                    0);
            // 3. a rejected token and an unreachable S3 sink with a secret key: failing runs
            run("bad.properties", common + "cfaudit.api.token=" + TOKEN + "-wrong\n", 1);
            sim.addAccountEntry(ACCOUNT, Entries.audit("later", Instant.now().minusSeconds(1)));
            run(
                    "s3.properties",
                    common + "cfaudit.api.token=" + TOKEN + "\ncfaudit.sink.arch.type=s3\n"
                            + "cfaudit.sink.arch.bucket=audit\ncfaudit.sink.arch.endpoint=http://127.0.0.1:1\n"
                            + "cfaudit.sink.arch.path-style=true\ncfaudit.sink.arch.access-key=AKIAEXAMPLE\n"
                            + "cfaudit.sink.arch.secret-key=" + S3_SECRET + "\n",
                    1);
            // 4. a bad value next to the secrets: the configuration error names the key, not the secret
            run("config.properties", common + "cfaudit.api.token=" + TOKEN + "\ncfaudit.source.acct.page-size=0\n", 2);
            // 5. the token and a proxy password from files, through a proxy with Basic authentication; then a wrong one
            try (Tinyproxy proxy = Tinyproxy.start(secrets.resolve("proxy"), "cfaudit", PROXY_PASSWORD)) {
                Path tokenFile = Files.writeString(secrets.resolve("token"), TOKEN + "\n");
                Path passwordFile = Files.writeString(secrets.resolve("proxy-password"), PROXY_PASSWORD + "\n");
                sim.addAccountEntry(
                        ACCOUNT, Entries.audit("proxied", Instant.now().minusSeconds(1)));
                String viaProxy = common + "cfaudit.api.token-file=" + tokenFile + "\ncfaudit.api.proxy=" + proxy.url()
                        + "\ncfaudit.api.proxy-username=cfaudit\n";
                run("proxy.properties", viaProxy + "cfaudit.api.proxy-password-file=" + passwordFile + "\n", 0);
                run("proxy-bad.properties", viaProxy + "cfaudit.api.proxy-password=" + PROXY_PASSWORD + "-wrong\n", 1);
                assertThat(proxy.requests()).isNotEmpty();
            }

            List<Path> files;
            try (Stream<Path> all = Files.walk(dir)) {
                files = all.filter(Files::isRegularFile)
                        .filter(p -> !p.getFileName().toString().endsWith(".properties"))
                        .toList();
            }
            assertThat(files)
                    .anyMatch(p -> p.toString().endsWith(".log"))
                    .anyMatch(p -> p.toString().endsWith(".checkpoint.json"))
                    .anyMatch(p -> p.toString().endsWith(".ndjson"));
            String logs = "";
            for (Path f : files) {
                String text = Files.readString(f);
                if (f.toString().endsWith(".log")) {
                    logs += text;
                }
                for (String secret : List.of(TOKEN, GLOBAL_KEY, S3_SECRET, PROXY_PASSWORD, PROXY_BASIC)) {
                    assertThat(text).as("%s in %s", secret, f).doesNotContain(secret);
                }
            }
            // the logs were really verbose, the requests really went out, and the masks were needed
            assertThat(logs)
                    .contains("DEBUG")
                    .contains("http-outgoing")
                    .contains("Bearer ******")
                    .contains("X-Auth-Key: ******")
                    .contains("Proxy-Authorization: Basic ******");
        }
    }

    private void run(String name, String properties, int expectedExit) throws Exception {
        Path config = dir.resolve(name);
        Files.writeString(config, properties);
        Path log = dir.resolve(name.replace(".properties", ".log"));
        ProcessBuilder pb = new ProcessBuilder("java", "-jar", JAR.toString(), "--config", config.toString(), "--once")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CFAUDIT_LOG_LEVEL", "DEBUG");
        pb.environment().put("CFAUDIT_ROOT_LOG_LEVEL", "DEBUG");
        pb.environment().put("CFAUDIT_HTTP_LOG_LEVEL", "DEBUG");
        pb.environment().remove("CLOUDFLARE_API_TOKEN");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(name + ": " + tail(log)).isEqualTo(expectedExit);
    }

    private static String tail(Path log) throws Exception {
        String s = Files.readString(log);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
