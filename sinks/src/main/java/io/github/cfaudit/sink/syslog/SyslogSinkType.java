package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.config.ConfigException;
import io.github.cfaudit.config.ConfigProperties;
import io.github.cfaudit.config.Option;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.config.Secret;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.SinkSettings;
import io.github.cfaudit.sink.SinkType;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Format;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Framing;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Oversize;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Protocol;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.SeverityMapping;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Tls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;

/** {@code type=syslog}: RFC 5424 or RFC 3164 messages over UDP, TCP or TLS, one per entry. */
public final class SyslogSinkType implements SinkType {
    /** Facility names as rsyslog and syslog-ng spell them, numbered as in RFC 5424 table 1. */
    static final Map<String, Integer> FACILITIES = names(
            "kern",
            "user",
            "mail",
            "daemon",
            "auth",
            "syslog",
            "lpr",
            "news",
            "uucp",
            "cron",
            "authpriv",
            "ftp",
            "ntp",
            "audit",
            "alert",
            "clock",
            "local0",
            "local1",
            "local2",
            "local3",
            "local4",
            "local5",
            "local6",
            "local7");

    static final Map<String, Integer> SEVERITIES = severities();
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern TAG_3164 = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    /** RFC 5424 SD-NAME: printable US-ASCII except '=', SP, ']' and '"'; ours must be {@code name@<enterprise number>}. */
    private static final Pattern SD_ID = Pattern.compile("[\\x21-\\x7e&&[^= \\]\"@]]+@[0-9]+(\\.[0-9]+)*");

    private static final Map<String, Protocol> PROTOCOLS = byName(Protocol.values(), Protocol::configName);
    private static final Map<String, Format> FORMATS = byName(Format.values(), Format::configName);
    private static final Map<String, Framing> FRAMINGS = byName(Framing.values(), Framing::configName);
    private static final Map<String, Oversize> OVERSIZES = byName(Oversize.values(), Oversize::configName);

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public OptionGroup options() {
        return SyslogSinkOptions.GROUP;
    }

    @Override
    public SinkSettings parse(ConfigProperties s) {
        String host =
                s.required(SyslogSinkOptions.HOST, "the receiver's host name or IP address, e.g. siem.example.com");
        if (!HOST.matcher(host).matches()
                && !(host.startsWith("[")
                        && host.endsWith("]")
                        && HOST.matcher(host.substring(1, host.length() - 1)).matches())) {
            throw new ConfigException(
                    s.key("host"),
                    "'" + host + "' is not a host name or IP address; valid "
                            + "examples: siem.example.com, 10.0.0.5, ::1");
        }
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Protocol protocol = s.choice(SyslogSinkOptions.PROTOCOL, PROTOCOLS);
        int port = s.integer(SyslogSinkOptions.PORT, protocol.defaultPort());
        Format format = s.choice(SyslogSinkOptions.FORMAT, FORMATS);
        if (!protocol.isStream() && s.optional(SyslogSinkOptions.FRAMING).isPresent()) {
            throw new ConfigException(
                    s.key("framing"),
                    "applies only to protocol tcp or tls; a UDP datagram "
                            + "carries exactly one message; valid: remove it, or set protocol=tcp|tls");
        }
        Framing framing = s.choice(SyslogSinkOptions.FRAMING, FRAMINGS);
        Optional<Tls> tls = parseTls(s, protocol, host);

        String appName = s.string(SyslogSinkOptions.APP_NAME);
        if (format == Format.RFC3164
                ? !TAG_3164.matcher(appName).matches()
                : !PRINTABLE_ASCII.matcher(appName).matches() || appName.length() > 48) {
            throw new ConfigException(
                    s.key("app-name"),
                    "'" + appName + "' is not valid; valid: "
                            + (format == Format.RFC3164
                                    ? "1 to 32 letters, digits, '.', '_' or '-' (an RFC 3164 TAG)"
                                    : "1 to 48 printable US-ASCII characters without spaces (RFC 5424 APP-NAME)"));
        }
        String hostname = s.optional(SyslogSinkOptions.HOSTNAME).orElseGet(SyslogSinkType::localHostName);
        if (!PRINTABLE_ASCII.matcher(hostname).matches() || hostname.length() > 255) {
            throw new ConfigException(
                    s.key("hostname"),
                    "'" + hostname + "' is not valid; valid: 1 to 255 "
                            + "printable US-ASCII characters without spaces, preferably a fully qualified domain name");
        }
        int facility = lookup(s, SyslogSinkOptions.FACILITY, FACILITIES);
        SeverityMapping severity = new SeverityMapping(
                lookup(s, SyslogSinkOptions.SEVERITY_FAILURE, SEVERITIES),
                lookup(s, SyslogSinkOptions.SEVERITY_SUCCESS, SEVERITIES),
                lookup(s, SyslogSinkOptions.SEVERITY_OTHER, SEVERITIES));

        int maxSize = s.integer(
                SyslogSinkOptions.MAX_MESSAGE_SIZE,
                SyslogSinkSettings.DEFAULT_MAX_MESSAGE_SIZE,
                SyslogSinkSettings.MIN_MESSAGE_SIZE,
                protocol.isStream()
                        ? SyslogSinkSettings.MAX_STREAM_MESSAGE_SIZE
                        : SyslogSinkSettings.MAX_UDP_MESSAGE_SIZE);
        Oversize oversize = s.choice(SyslogSinkOptions.OVERSIZE, OVERSIZES);
        String sdId = s.string(SyslogSinkOptions.STRUCTURED_DATA_ID);
        if (!SD_ID.matcher(sdId).matches() || sdId.length() > 32) {
            throw new ConfigException(
                    s.key("structured-data-id"),
                    "'" + sdId + "' is not valid; valid: "
                            + "name@<private enterprise number>, at most 32 printable US-ASCII characters without '=', "
                            + "space, ']' or '\"', e.g. cfaudit@32473");
        }
        if (format == Format.RFC3164
                && s.optional(SyslogSinkOptions.STRUCTURED_DATA_ID).isPresent()) {
            throw new ConfigException(
                    s.key("structured-data-id"),
                    "applies only to format rfc5424; RFC 3164 has " + "no structured data");
        }
        Duration connectTimeout = s.duration(SyslogSinkOptions.CONNECT_TIMEOUT);
        Duration timeout = s.duration(SyslogSinkOptions.TIMEOUT);
        int retries = s.integer(SyslogSinkOptions.RETRIES);
        Duration retryDelay = s.duration(SyslogSinkOptions.RETRY_DELAY);
        return new SyslogSinkSettings(
                host,
                port,
                protocol,
                format,
                framing,
                tls,
                appName,
                hostname,
                facility,
                severity,
                maxSize,
                oversize,
                sdId,
                connectTimeout,
                timeout,
                retries,
                retryDelay);
    }

    @Override
    public java.util.List<String> codecs() {
        return RecordFormats.NAMES;
    }

    @Override
    public AuditSink create(String sinkName, SinkSettings settings, RecordCodec codec, CamelContext context)
            throws Exception {
        return new SyslogSink(sinkName, (SyslogSinkSettings) settings, codec);
    }

    private static Optional<Tls> parseTls(ConfigProperties s, Protocol protocol, String host) {
        if (protocol != Protocol.TLS) {
            for (Option<?> k : SyslogSinkOptions.TLS_OPTIONS) {
                if (s.setKey(k).isPresent()) {
                    throw new ConfigException(
                            s.setKey(k).get(),
                            "applies only to protocol tls; valid: set protocol=tls, or " + "remove it");
                }
            }
            return Optional.empty();
        }
        Optional<Path> trustStore = existingFile(s, SyslogSinkOptions.TRUST_STORE);
        Optional<Secret> trustPassword = s.secret(SyslogSinkOptions.TRUST_STORE_PASSWORD);
        Optional<Path> keyStore = existingFile(s, SyslogSinkOptions.KEY_STORE);
        Optional<Secret> keyPassword = s.secret(SyslogSinkOptions.KEY_STORE_PASSWORD);
        if (trustPassword.isPresent() && trustStore.isEmpty()) {
            throw new ConfigException(s.key("trust-store-password"), "is set without " + s.key("trust-store"));
        }
        if (keyStore.isPresent() && keyPassword.isEmpty()) {
            throw new ConfigException(
                    s.key("key-store-password"),
                    "is required with " + s.key("key-store") + ": the password of the PKCS12/JKS file and of its key");
        }
        if (keyPassword.isPresent() && keyStore.isEmpty()) {
            throw new ConfigException(s.key("key-store-password"), "is set without " + s.key("key-store"));
        }
        String serverName = s.string(SyslogSinkOptions.SERVER_NAME, host);
        if (!HOST.matcher(serverName).matches()) {
            throw new ConfigException(
                    s.key("server-name"),
                    "'" + serverName + "' is not a host name or IP address; "
                            + "valid: the DNS name or IP address the server certificate carries, e.g. siem.example.com");
        }
        Tls tls = new Tls(trustStore, trustPassword, keyStore, keyPassword, serverName);
        if (trustStore.isPresent()) {
            open(s, "trust-store", () -> TlsContexts.loadTrustStore(trustStore.get(), trustPassword));
        }
        if (keyStore.isPresent()) {
            open(s, "key-store", () -> TlsContexts.loadKeyStore(keyStore.get(), keyPassword));
        }
        open(s, keyStore.isPresent() ? "key-store" : "trust-store", () -> TlsContexts.create(tls));
        return Optional.of(tls);
    }

    private static Optional<Path> existingFile(ConfigProperties s, Option<String> option) {
        String key = option.name();
        if (s.optional(option).isEmpty()) {
            return Optional.empty();
        }
        Path file = s.path(option).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(
                    s.key(key),
                    "'" + file + "' is not a readable file; valid: a PKCS12 (.p12), " + "JKS"
                            + ("trust-store".equals(key) ? " or PEM" : "") + " file");
        }
        return Optional.of(file);
    }

    /** Opens a store now, so that a wrong password or a bad file stops the process at startup. */
    private static void open(ConfigProperties s, String key, StoreOpener opener) {
        try {
            opener.open();
        } catch (IOException | GeneralSecurityException e) {
            boolean password =
                    e instanceof UnrecoverableKeyException || e.getCause() instanceof UnrecoverableKeyException;
            String what = password ? key + "-password" : key;
            throw new ConfigException(
                    s.key(what),
                    password
                            ? "does not open " + s.key(key)
                                    + " (wrong password?); valid: the password of the file and of its key"
                            : "cannot be used (" + e.getMessage() + "); valid: a PKCS12 (.p12) or JKS file"
                                    + ("trust-store".equals(key)
                                            ? ", or a PEM file of CA certificates"
                                            : " with one private key " + "and its certificate chain"));
        }
    }

    private static int lookup(ConfigProperties s, Option<String> option, Map<String, Integer> names) {
        String key = option.name();
        String raw = s.string(option).toLowerCase();
        Integer value = names.get(raw);
        if (value == null && raw.matches("[0-9]{1,2}")) {
            int n = Integer.parseInt(raw);
            value = names.containsValue(n) ? n : null;
        }
        if (value == null) {
            throw new ConfigException(
                    s.key(key),
                    "'" + raw + "' is not valid; valid: one of "
                            + String.join(", ", names.keySet()) + ", or its number 0 to "
                            + (names.values().stream()
                                    .mapToInt(Integer::intValue)
                                    .max()
                                    .orElse(0)));
        }
        return value;
    }

    /** The local host name, as a default HOSTNAME; the RFC prefers an FQDN, which the operator can set. */
    static String localHostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            return "localhost";
        }
        String clean = name.trim().replaceAll("[^\\x21-\\x7e]", "-");
        return clean.length() > 255 ? clean.substring(0, 255) : clean;
    }

    private static Map<String, Integer> names(String... names) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], i);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, Integer> severities() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("emergency", 0);
        m.put("emerg", 0);
        m.put("alert", 1);
        m.put("critical", 2);
        m.put("crit", 2);
        m.put("error", 3);
        m.put("err", 3);
        m.put("warning", 4);
        m.put("warn", 4);
        m.put("notice", 5);
        m.put("informational", 6);
        m.put("info", 6);
        m.put("debug", 7);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static <E> Map<String, E> byName(E[] values, Function<E, String> name) {
        return Stream.of(values).collect(Collectors.toMap(name, v -> v, (a, b) -> a, LinkedHashMap::new));
    }

    @FunctionalInterface
    private interface StoreOpener {
        Object open() throws IOException, GeneralSecurityException;
    }
}
