package io.github.cfaudit.app;

import static io.github.cfaudit.testing.AuditHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.cfaudit.simulator.CloudflareApiSimulator;
import io.github.cfaudit.testing.Entries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command shown in {@code README.md} and {@code docs/} works as written. The commands are every line of a
 * {@code bash}/{@code sh} fenced block and every inline code span starting with {@code java -jar},
 * {@code bin/camel-cloudflare-audit}, {@code mvn} or {@code .ci/run}. Each {@code java -jar} and launcher command is
 * run here (the launcher through the script) with the packaged jar against the simulator (the
 * file of {@code --config FILE} is replaced by this test's configuration, which is also the working directory's
 * {@code application.properties}); the few that need more (the build and the suite themselves, PostgreSQL) must be
 * listed in {@link #ELSEWHERE} with where they are exercised. A command that is neither fails the test.
 */
class DocumentedCommandsIT {
    private static final Path JAR =
            Path.of("app/target/camel-cloudflare-audit.jar").toAbsolutePath();
    private static final String TOKEN = "docs-token-71c2";
    private static final Path LAUNCHER = Path.of("bin/camel-cloudflare-audit").toAbsolutePath();
    /** The jar started by java (group 1) or by the launcher (group 2), then the arguments (group 3). */
    private static final Pattern JAVA_JAR = Pattern.compile(
            "(?:(java -jar (?:app/target/)?camel-cloudflare-audit\\.jar)|(bin/camel-cloudflare-audit))(.*)");

    /** Commands not run here, each with what runs it. */
    private static final Map<Pattern, String> ELSEWHERE = Map.ofEntries(
            Map.entry(
                    Pattern.compile("java -jar \\S+ --verify \\S+ --config \\S+( --public-key \\S+)*"),
                    "FileManifestIT and ManifestCrashIT (need an archive with manifests and the keys)"),
            Map.entry(
                    Pattern.compile("openssl (genpkey -algorithm ed25519|pkey -in \\S+ -pubout) -out \\S+"),
                    "ManifestKeyFiles (every manifest test makes its keys with these commands)"),
            Map.entry(Pattern.compile("mvn -B verify"), ".ci/run (the suite this test is part of)"),
            Map.entry(
                    Pattern.compile("mvn -q -B package -DskipTests"),
                    "the package phase that built the jar this test runs"),
            Map.entry(
                    Pattern.compile("mvn spotless:apply"),
                    "the spotless:check of mvn -B verify (the same formatter and rules)"),
            Map.entry(Pattern.compile("\\.ci/run"), "CI: installs the test servers, then mvn -B verify"),
            Map.entry(
                    Pattern.compile("mvn -B -q test -Dtest=ConfigurationDocsTest -Dcfaudit\\.regenerate=true"),
                    "ConfigurationDocsTest (the same test without the property)"),
            Map.entry(
                    Pattern.compile("export CLOUDFLARE_API_TOKEN=.*"),
                    "this test: every run has CLOUDFLARE_API_TOKEN set"),
            Map.entry(
                    Pattern.compile("java -jar \\S+ --config \\S+ --import-checkpoints \\S+( --overwrite)?"),
                    "ClusterCommandsIT (needs PostgreSQL)"),
            Map.entry(
                    Pattern.compile("mvn (-B )?install"),
                    "the same build as mvn -B verify, plus the copy into the local repository"));

    @TempDir
    Path dir;

    CloudflareApiSimulator sim;

    record Result(int exit, String output) {}

    @BeforeEach
    void setUp() throws IOException {
        sim = CloudflareApiSimulator.start().acceptToken(TOKEN);
        Instant t = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < 5; i++) {
            sim.addAccountEntry(
                    ACCOUNT, Entries.audit("docs-" + i, t.plusSeconds(60L * i), "update", "success", "a@example.com"));
        }
        Files.writeString(
                dir.resolve("application.properties"), """
                cfaudit.api.base-url=%s
                cfaudit.state.directory=state
                cfaudit.source.acct.type=account
                cfaudit.source.acct.account-id=%s
                cfaudit.source.acct.settle=PT0S
                cfaudit.source.acct.schedule=0/2 * * * * ?
                cfaudit.sink.all.type=file
                cfaudit.sink.all.directory=out
                """.formatted(sim.baseUrl(), ACCOUNT), StandardCharsets.UTF_8);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void everyDocumentedCommandRunsOrIsRunElsewhere() throws Exception {
        Set<String> commands = documentedCommands();
        assertThat(commands)
                .contains(
                        "bin/camel-cloudflare-audit --demo",
                        "java -jar app/target/camel-cloudflare-audit.jar --check",
                        "mvn -B verify");
        List<String> unknown = new ArrayList<>();
        int ran = 0;
        for (String command : commands) {
            if (ELSEWHERE.keySet().stream().anyMatch(p -> p.matcher(command).matches())) {
                continue;
            }
            Matcher m = JAVA_JAR.matcher(command);
            if (!m.matches()) {
                unknown.add(command);
                continue;
            }
            List<String> args = new ArrayList<>(List.of(m.group(3).trim().split("\\s+")));
            args.removeIf(String::isEmpty);
            int config = args.indexOf("--config");
            if (config >= 0) {
                args.set(config + 1, dir.resolve("application.properties").toString());
            }
            runAndCheck(command, m.group(2) != null, args);
            ran++;
        }
        assertThat(unknown)
                .as("commands shown in the docs that no test runs: run them in this test, or list where "
                        + "they are exercised in ELSEWHERE")
                .isEmpty();
        assertThat(ran).isGreaterThanOrEqualTo(5);
    }

    private void runAndCheck(String command, boolean launcher, List<String> args) throws Exception {
        for (String output : List.of("out", "state", "demo-out")) {
            deleteTree(dir.resolve(output));
        }
        List<String> rest = args.stream()
                .filter(a -> !a.equals("--config") && !a.endsWith(".properties"))
                .toList();
        if (rest.equals(List.of("--demo"))) {
            runUntil(command, launcher, args, () -> ndjsonBelow(dir.resolve("demo-out/all")));
        } else if (rest.isEmpty()) {
            runUntil(command, launcher, args, () -> ndjsonBelow(dir.resolve("out")));
        } else {
            Result r = run(launcher, args);
            assertThat(r.exit()).as(command + "\n" + r.output()).isZero();
            String first = rest.get(0);
            switch (first) {
                case "--version" -> assertThat(r.output()).startsWith("camel-cloudflare-audit ");
                case "--help" -> assertThat(r.output()).contains("Usage:", "--help-options");
                case "--help-options", "--describe" -> assertThat(r.output()).contains(": cfaudit.");
                case "--check" -> assertThat(r.output()).as(command).contains("All checks passed.");
                case "--once" ->
                    assertThat(ndjsonBelow(dir.resolve("out")))
                            .as(command + "\n" + r.output())
                            .isTrue();
                default -> throw new AssertionError("no check for the documented command " + command);
            }
        }
    }

    /** The command keeps running until {@code done}; then it is stopped (it is a long-running one). */
    private void runUntil(
            String command, boolean launcher, List<String> args, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        Process p = start(launcher, args);
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(p.isAlive())
                                .as(command + " exited: " + log())
                                .isTrue();
                        return done.call();
                    });
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Result run(boolean launcher, List<String> args) throws Exception {
        Process p = start(launcher, args);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not exit: " + log());
        }
        return new Result(p.exitValue(), log());
    }

    private Process start(boolean launcher, List<String> args) throws IOException {
        List<String> command =
                new ArrayList<>(launcher ? List.of(LAUNCHER.toString()) : List.of("java", "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile());
        pb.environment().put("CLOUDFLARE_API_TOKEN", TOKEN);
        return pb.start();
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("run.log"));
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    private static boolean ndjsonBelow(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(
                    f -> f.toString().endsWith(".ndjson") && f.toFile().length() > 0);
        }
    }

    /** The commands of README.md and docs/**.md, in order, without comments, split at {@code &&}. */
    static Set<String> documentedCommands() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        Set<String> commands = new LinkedHashSet<>();
        Pattern inline = Pattern.compile("`((?:java -jar|bin/camel-cloudflare-audit|mvn |\\.ci/run)[^`]*)`");
        for (Path doc : docs) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            boolean shell = false;
            boolean fenced = false;
            StringBuilder prose = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("```")) {
                    fenced = !fenced;
                    shell = fenced && line.matches("```(bash|sh|shell)\\s*");
                    continue;
                }
                if (shell) {
                    String command = line.replaceAll("\\s+#.*$", "").trim();
                    if (!command.isEmpty() && !command.startsWith("#")) {
                        for (String part : command.split("&&")) {
                            commands.add(part.trim());
                        }
                    }
                } else if (!fenced) {
                    prose.append(line).append(' ');
                }
            }
            Matcher m = inline.matcher(prose);
            while (m.find()) {
                commands.add(m.group(1).replaceAll("\\s+", " ").trim());
            }
        }
        return commands;
    }
}
