package io.github.cfaudit.app;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.internal.BuildInfo;
import io.github.cfaudit.source.RunOutcome;
import io.github.cfaudit.source.RunSummary;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The standalone application: Camel Main with the routes of {@link CloudflareAuditRoutes} built from the properties
 * file, plus the YAML routes in {@code routes/}. Kept in its own package so that Camel Main's package scan finds
 * nothing else.
 */
public final class CloudflareAuditApplication {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_CONFIG = 2;
    static final int EXIT_INCOMPLETE = 3;

    private CloudflareAuditApplication() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println(CommandLine.USAGE);
            return EXIT_CONFIG;
        }
        if (cli.help()) {
            System.out.println(CommandLine.USAGE);
            return EXIT_OK;
        }
        if (cli.helpOptions() != null) {
            return OptionsHelp.print(cli.helpOptions());
        }
        if (cli.version()) {
            System.out.println("camel-cloudflare-audit " + BuildInfo.version());
            System.out.println("Apache Camel " + BuildInfo.camelVersion());
            System.out.println("Java " + BuildInfo.javaVersion());
            System.out.println("JVM " + BuildInfo.jvm());
            return EXIT_OK;
        }
        Demo demo = null;
        try {
            Map<String, String> properties;
            Path baseDir;
            if (cli.demo()) {
                demo = Demo.start(Path.of("demo-out"));
                properties = demo.properties();
                baseDir = Path.of("");
            } else {
                properties = ConfigFile.load(cli.config(), env);
                baseDir = cli.config().toAbsolutePath().getParent();
            }
            if (cli.verify() != null) {
                return ArchiveVerify.run(properties, cli.verify(), cli.publicKeys());
            }
            AuditConfig config = AuditConfigParser.parse(properties, env);
            if (cli.importCheckpoints() != null) {
                return CheckpointImport.run(config, cli.importCheckpoints(), cli.overwrite());
            }
            return runCamel(config, properties, baseDir, cli);
        } catch (NoSuchFileException e) {
            System.err.println("Configuration error: the file " + e.getFile() + " does not exist (use --config FILE, "
                    + "or --demo to try it without Cloudflare credentials)");
            return EXIT_CONFIG;
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (IOException e) {
            System.err.println("Error: " + e.getMessage());
            return EXIT_FAILED;
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    private static int runCamel(AuditConfig config, Map<String, String> properties, Path baseDir, CommandLine cli) {
        boolean oneShot = cli.once() || cli.check();
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(config);
        if (oneShot) {
            routes.withoutSchedule();
        }
        org.slf4j.LoggerFactory.getLogger(CloudflareAuditApplication.class).info("{}", BuildInfo.describe());
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setInitialProperties(camelProperties(properties, baseDir, oneShot));
        main.configure().addRoutesBuilder(routes);
        OneShot task = cli.check() ? new CheckRunner(routes) : cli.once() ? new OnceRunner(routes) : null;
        if (task != null) {
            main.addMainListener(task);
        }
        try {
            main.run();
        } catch (Exception e) {
            ConfigException bad = findConfigException(e);
            if (bad != null) {
                System.err.println("Configuration error: " + bad.getMessage());
                return EXIT_CONFIG;
            }
            System.err.println("Error: could not start: " + e.getMessage());
            return EXIT_FAILED;
        }
        return task != null ? task.exitCode : main.getExitCode();
    }

    /**
     * Only Camel's own keys go to Camel: cfaudit.* (credentials included) never reach its property summary log.
     * Defaults: YAML routes beside the configuration file, and, for a long-running process, the management server
     * with health checks and Prometheus metrics on port 9876 (both off for --once and --check).
     */
    static Properties camelProperties(Map<String, String> properties, Path baseDir, boolean oneShot) {
        Properties camel = new Properties();
        properties.forEach((k, v) -> {
            if (!k.startsWith(AuditConfigParser.PREFIX + ".")) {
                camel.setProperty(k, v);
            }
        });
        Path routesDir = baseDir.resolve("routes").toAbsolutePath();
        camel.putIfAbsent(
                "camel.main.routes-include-pattern",
                java.nio.file.Files.isDirectory(routesDir) ? "file:" + routesDir + "/*.yaml" : "false");
        camel.putIfAbsent("camel.main.name", "cloudflare-audit");
        camel.putIfAbsent("camel.management.enabled", Boolean.toString(!oneShot));
        camel.putIfAbsent("camel.management.port", "9876");
        camel.putIfAbsent("camel.management.healthCheckEnabled", "true");
        camel.putIfAbsent("camel.management.metricsEnabled", "true");
        // Camel's own route and exchange meters only matter where they can be scraped
        camel.putIfAbsent("camel.metrics.enabled", Boolean.toString(!oneShot));
        camel.putIfAbsent("camel.health.exposureLevel", "full");
        return camel;
    }

    private static ConfigException findConfigException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }

    /** Work done once Camel started, after which Main stops with the work's exit code. */
    private abstract static class OneShot extends MainListenerSupport {
        final CloudflareAuditRoutes routes;
        int exitCode = EXIT_FAILED;

        OneShot(CloudflareAuditRoutes routes) {
            this.routes = routes;
        }

        abstract int work(BaseMainSupport main);

        @Override
        public void afterStart(BaseMainSupport main) {
            try {
                exitCode = work(main);
            } finally {
                ((Main) main).completed();
            }
        }
    }

    /** {@code --check}: probe every source and sink, print a table. */
    private static final class CheckRunner extends OneShot {
        CheckRunner(CloudflareAuditRoutes routes) {
            super(routes);
        }

        @Override
        int work(BaseMainSupport main) {
            Map<String, Object> results = routes.check();
            int width = results.keySet().stream().mapToInt(String::length).max().orElse(10);
            boolean ok = true;
            System.out.println();
            for (Map.Entry<String, Object> r : results.entrySet()) {
                boolean good = r.getValue() instanceof String;
                ok &= good;
                String text = good ? "OK      " + r.getValue() : "FAILED  " + describe((Throwable) r.getValue());
                System.out.printf("%-" + width + "s  %s%n", r.getKey(), text);
            }
            System.out.println(ok ? "\nAll checks passed." : "\nSome checks failed.");
            return ok ? EXIT_OK : EXIT_FAILED;
        }

        private static String describe(Throwable e) {
            String message = e.getMessage();
            Throwable cause = e.getCause();
            if ((message == null || message.isBlank()) && cause != null) {
                return describe(cause);
            }
            String text = message == null ? e.getClass().getSimpleName() : message;
            return text.replaceAll("[\\r\\n]+", " ");
        }
    }

    /** {@code --once}: run every source once, then let Main stop. */
    private static final class OnceRunner extends OneShot {
        OnceRunner(CloudflareAuditRoutes routes) {
            super(routes);
        }

        @Override
        int work(BaseMainSupport main) {
            ProgressLine line = ProgressLine.forConsole();
            routes.operations().onProgress(line);
            try {
                List<RunSummary> results = routes.runOnce(main.getCamelContext());
                line.end();
                boolean failed = results.stream().anyMatch(r -> r.outcome() == RunOutcome.FAILED);
                for (RunSummary r : results) {
                    System.out.println(
                            r.source() + ": " + r.outcome() + " - " + r.pages() + " page(s), " + r.delivered()
                                    + " new entries, watermark " + r.watermark()
                                    + (r.failure() != null ? " - " + r.failure() : ""));
                }
                return failed ? EXIT_FAILED : CloudflareAuditRoutes.allComplete(results) ? EXIT_OK : EXIT_INCOMPLETE;
            } finally {
                routes.operations().onProgress(null);
            }
        }
    }
}
