package io.github.cfaudit.app;

import io.github.cfaudit.CloudflareAuditRoutes;
import io.github.cfaudit.config.AuditConfig;
import io.github.cfaudit.config.AuditConfigParser;
import io.github.cfaudit.config.ConfigException;
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

    private CloudflareAuditApplication() {
    }

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
            AuditConfig config = AuditConfigParser.parse(properties, env);
            return runCamel(config, properties, baseDir, cli.once());
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

    private static int runCamel(AuditConfig config, Map<String, String> properties, Path baseDir, boolean once) {
        CloudflareAuditRoutes routes = CloudflareAuditRoutes.of(config);
        if (once) {
            routes.withoutSchedule();
        }
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        // Only Camel's own keys go to Camel: cfaudit.* (credentials included) never reach its property summary log.
        Properties camelProperties = new Properties();
        properties.forEach((k, v) -> {
            if (!k.startsWith(AuditConfigParser.PREFIX + ".")) {
                camelProperties.setProperty(k, v);
            }
        });
        // YAML routes beside the configuration file, when there are any.
        Path routesDir = baseDir.resolve("routes").toAbsolutePath();
        if (java.nio.file.Files.isDirectory(routesDir)) {
            camelProperties.putIfAbsent("camel.main.routes-include-pattern", "file:" + routesDir + "/*.yaml");
        } else {
            camelProperties.putIfAbsent("camel.main.routes-include-pattern", "false");
        }
        camelProperties.putIfAbsent("camel.main.name", "cloudflare-audit");
        main.setInitialProperties(camelProperties);
        main.configure().addRoutesBuilder(routes);
        OnceRunner onceRunner = once ? new OnceRunner(routes) : null;
        if (onceRunner != null) {
            main.addMainListener(onceRunner);
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
        if (onceRunner != null) {
            return onceRunner.exitCode;
        }
        return main.getExitCode();
    }

    private static ConfigException findConfigException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        return null;
    }

    /** {@code --once}: after Camel started, run every source once, then let Main stop. */
    private static final class OnceRunner extends MainListenerSupport {
        private final CloudflareAuditRoutes routes;
        private int exitCode = EXIT_FAILED;

        OnceRunner(CloudflareAuditRoutes routes) {
            this.routes = routes;
        }

        @Override
        public void afterStart(BaseMainSupport main) {
            try {
                List<RunSummary> results = routes.runOnce(main.getCamelContext());
                boolean failed = results.stream().anyMatch(r -> r.outcome() == RunOutcome.FAILED);
                exitCode = failed ? EXIT_FAILED : CloudflareAuditRoutes.allComplete(results) ? EXIT_OK : EXIT_INCOMPLETE;
                for (RunSummary r : results) {
                    System.out.println(r.source() + ": " + r.outcome() + " - " + r.pages() + " page(s), " + r.delivered()
                            + " new entries, watermark " + r.watermark()
                            + (r.failure() != null ? " - " + r.failure() : ""));
                }
            } finally {
                ((Main) main).completed();
            }
        }
    }
}
