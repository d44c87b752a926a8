package io.github.cfaudit.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Properties;
import java.util.stream.Collectors;

/** What was built and what it runs on: this project's version (written by the build), Camel's and Java's. */
public final class BuildInfo {
    private static final String VERSION = readVersion();

    private BuildInfo() {}

    /** This project's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** The Camel version on the class path (from camel-api's manifest). */
    public static String camelVersion() {
        String v = org.apache.camel.CamelContext.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    public static String javaVersion() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    /**
     * The JVM settings that decide the footprint, for {@code --version}: e.g. {@code max heap 128 MiB, GC Copy +
     * MarkSweepCompact, JIT C1 only}. No JVM argument is shown as such: one may hold a secret.
     */
    public static String jvm() {
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(" + "));
        return "max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, GC " + gc + ", JIT " + jit();
    }

    private static String jit() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if ("false".equals(hotspot.getVMOption("TieredCompilation").getValue())) {
                return "C2 only";
            }
            int level =
                    Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
            return level >= 4 ? "C1 and C2" : level >= 1 ? "C1 only" : "interpreter only";
        } catch (RuntimeException | LinkageError notHotSpot) {
            return "unknown";
        }
    }

    /** The User-Agent of every API request: {@code camel-cloudflare-audit/<version>}. */
    public static String userAgent() {
        return "camel-cloudflare-audit/" + VERSION;
    }

    /** One line for logs and {@code --version}. */
    public static String describe() {
        return "camel-cloudflare-audit " + VERSION + " (Apache Camel " + camelVersion() + ", Java " + javaVersion()
                + ")";
    }

    private static String readVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/github/cfaudit/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            if (v == null || v.isBlank() || v.startsWith("${")) {
                throw new IllegalStateException("version.properties was not filtered by the build: " + v);
            }
            return v.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
