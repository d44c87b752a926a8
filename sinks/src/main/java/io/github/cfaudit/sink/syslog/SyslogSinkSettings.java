package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.config.Secret;
import io.github.cfaudit.sink.SinkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code cfaudit.sink.<name>.type=syslog}, validated by {@link SyslogSinkType#parse}. Every option is declared, with
 * its meaning, in {@link SyslogSinkOptions}; the defaults are these constants.
 *
 * @param host              {@code host}: the receiver, name or address
 * @param port              {@code port}: default 514 (udp, tcp) or 6514 (tls)
 * @param protocol          {@code protocol}
 * @param format            {@code format}
 * @param framing           {@code framing}: how messages are delimited on a stream (tcp, tls); unused for udp
 * @param tls               the TLS settings; empty unless {@code protocol=tls}
 * @param appName           {@code app-name}: APP-NAME (RFC 5424) or TAG (RFC 3164)
 * @param hostname          {@code hostname}: HOSTNAME, default this host's name
 * @param facility          {@code facility}: 0..23
 * @param severity          {@code severity-failure}, {@code severity-success}, {@code severity-other}
 * @param maxMessageSize    {@code max-message-size}: bytes of one syslog message, framing excluded
 * @param oversize          {@code oversize}: what happens to an entry whose message would exceed it
 * @param structuredDataId  {@code structured-data-id}: the SD-ID of our SD-ELEMENT
 * @param connectTimeout    {@code connect-timeout}
 * @param timeout           {@code timeout}: the longest one delivery attempt of a page may take (tcp, tls)
 * @param retries           {@code retries}: further attempts after a failed delivery of a page
 * @param retryDelay        {@code retry-delay}: the wait before the first retry, doubled for each further one
 */
public record SyslogSinkSettings(
        String host,
        int port,
        Protocol protocol,
        Format format,
        Framing framing,
        Optional<Tls> tls,
        String appName,
        String hostname,
        int facility,
        SeverityMapping severity,
        int maxMessageSize,
        Oversize oversize,
        String structuredDataId,
        Duration connectTimeout,
        Duration timeout,
        int retries,
        Duration retryDelay)
        implements SinkSettings {
    public static final String DEFAULT_APP_NAME = "cloudflare-audit";
    public static final String DEFAULT_FACILITY = "local0";
    public static final String DEFAULT_SEVERITY_FAILURE = "warning";
    public static final String DEFAULT_SEVERITY_SUCCESS = "notice";
    public static final String DEFAULT_SEVERITY_OTHER = "informational";
    /** RFC 5425 says receivers SHOULD accept 8192 octets; it is also rsyslog's default limit. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 8192;
    /** RFC 5426: every IPv4 receiver must accept 480 octets. Below that no entry fits anyway. */
    public static final int MIN_MESSAGE_SIZE = 480;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_MESSAGE_SIZE = 65_507;

    public static final int MAX_STREAM_MESSAGE_SIZE = 16 * 1024 * 1024;
    /** 32473 is the enterprise number IANA reserves for documentation (RFC 5612): set your own if you have one. */
    public static final String DEFAULT_STRUCTURED_DATA_ID = "cfaudit@32473";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    public SyslogSinkSettings {
        Objects.requireNonNull(host, "host == null");
        Objects.requireNonNull(protocol, "protocol == null");
        Objects.requireNonNull(format, "format == null");
        Objects.requireNonNull(framing, "framing == null");
        Objects.requireNonNull(tls, "tls == null");
        Objects.requireNonNull(appName, "appName == null");
        Objects.requireNonNull(hostname, "hostname == null");
        Objects.requireNonNull(severity, "severity == null");
        Objects.requireNonNull(oversize, "oversize == null");
        Objects.requireNonNull(structuredDataId, "structuredDataId == null");
        Objects.requireNonNull(connectTimeout, "connectTimeout == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(retryDelay, "retryDelay == null");
        if (tls.isPresent() != (protocol == Protocol.TLS)) {
            throw new IllegalArgumentException("tls settings are required for protocol tls, and only for it");
        }
    }

    /** {@code udp://host:port}, {@code tls://host:port}: for messages. */
    public String address() {
        return protocol.configName() + "://" + host + ":" + port;
    }

    /** {@code protocol}. */
    public enum Protocol {
        UDP("udp", 514),
        TCP("tcp", 514),
        TLS("tls", 6514);

        private final String configName;
        private final int defaultPort;

        Protocol(String configName, int defaultPort) {
            this.configName = configName;
            this.defaultPort = defaultPort;
        }

        public String configName() {
            return configName;
        }

        public int defaultPort() {
            return defaultPort;
        }

        public boolean isStream() {
            return this != UDP;
        }
    }

    /** {@code format}. */
    public enum Format {
        RFC5424("rfc5424"),
        RFC3164("rfc3164");

        private final String configName;

        Format(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** {@code framing} of messages on a TCP or TLS stream. */
    public enum Framing {
        /** RFC 6587 section 3.4.1 (and RFC 5425): {@code MSG-LEN SP SYSLOG-MSG}; any content is safe. */
        OCTET_COUNTING("octet-counting"),
        /** RFC 6587 section 3.4.2: each message ends with LF; safe here because messages never contain one. */
        LF("lf");

        private final String configName;

        Framing(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /** {@code oversize}. */
    public enum Oversize {
        /** Shorten the longest JSON values, with a marker, so that the message fits and stays valid JSON. */
        TRUNCATE("truncate"),
        /** Fail the page, naming the entry: the source stops there until the limit or the policy changes. */
        REJECT("reject");

        private final String configName;

        Oversize(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    /**
     * The severity of an entry: {@code failure} when {@code action.result} is present and not {@code success},
     * {@code success} when it is {@code success}, {@code other} when the entry has no result (insight changes).
     */
    public record SeverityMapping(int failure, int success, int other) {}

    /**
     * {@code protocol=tls}.
     *
     * @param trustStore         {@code trust-store}: PKCS12/JKS or PEM certificates; empty = the JDK's default CAs
     * @param trustStorePassword {@code trust-store-password}
     * @param keyStore           {@code key-store}: PKCS12/JKS with the client key and certificate, for mutual TLS
     * @param keyStorePassword   {@code key-store-password}: of the store and of the key
     * @param serverName         {@code server-name}: the name the server certificate must carry, default the host
     */
    public record Tls(
            Optional<Path> trustStore,
            Optional<Secret> trustStorePassword,
            Optional<Path> keyStore,
            Optional<Secret> keyStorePassword,
            String serverName) {
        public Tls {
            Objects.requireNonNull(trustStore, "trustStore == null");
            Objects.requireNonNull(trustStorePassword, "trustStorePassword == null");
            Objects.requireNonNull(keyStore, "keyStore == null");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword == null");
            Objects.requireNonNull(serverName, "serverName == null");
        }
    }
}
