package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.config.Option;
import io.github.cfaudit.config.OptionGroup;
import io.github.cfaudit.config.Secret;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Format;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Framing;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Oversize;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** The options of {@code type=syslog}. */
public final class SyslogSinkOptions {
    public static final Option<String> HOST = Option.text(
                    "host", "host", null, "a host name or IP address", "the receiver")
            .defaultText("required")
            .example("siem.example.com");
    public static final Option<String> PROTOCOL = Option.choice(
            "protocol",
            Protocol.TCP.configName(),
            names(Protocol.values(), Protocol::configName),
            "`tcp` or `tls` when loss is not acceptable; `udp` " + "guarantees nothing (docs/sinks/syslog.md)");
    public static final Option<Integer> PORT = Option.integer(
                    "port", Protocol.TCP.defaultPort(), 1, 65535, "the receiver's port")
            .defaultText("514 (udp, tcp), 6514 (tls)");
    public static final Option<String> FORMAT = Option.choice(
            "format",
            Format.RFC5424.configName(),
            names(Format.values(), Format::configName),
            "`rfc5424`, or `rfc3164` for old receivers");
    public static final Option<String> FRAMING = Option.choice(
            "framing",
            Framing.OCTET_COUNTING.configName(),
            names(Framing.values(), Framing::configName),
            "tcp/tls only: `octet-counting` (RFC 6587, as RFC 5425 "
                    + "requires for TLS) or `lf` (one message per line)");
    public static final Option<String> TRUST_STORE = Option.path(
                    "trust-store",
                    null,
                    "tls only: the CAs that may "
                            + "sign the receiver's certificate, PKCS12, JKS or PEM; the certificate and host name are always verified")
            .defaultText("the JDK's CA certificates");
    public static final Option<Secret> TRUST_STORE_PASSWORD =
            Option.secret("trust-store-password", "tls only: password of the trust store (not needed for PEM)");
    public static final Option<String> KEY_STORE = Option.path(
            "key-store",
            null,
            "tls only, for mutual TLS: PKCS12 " + "or JKS with the client's private key and certificate chain");
    public static final Option<Secret> KEY_STORE_PASSWORD =
            Option.secret("key-store-password", "password of the key store and of its key; required with `key-store`");
    public static final Option<String> SERVER_NAME = Option.text(
                    "server-name",
                    "host",
                    null,
                    "a host name or IP " + "address",
                    "tls only: the name the server certificate must carry, when it differs from `host`; also "
                            + "sent as SNI")
            .defaultText("`host`");
    public static final Option<String> APP_NAME = Option.text(
            "app-name",
            "string",
            SyslogSinkSettings.DEFAULT_APP_NAME,
            "RFC 5424: 1 to 48 printable ASCII characters; RFC 3164: 1 to 32 " + "letters, digits, `.`, `_`, `-`",
            "APP-NAME (RFC 5424) or TAG (RFC 3164)");
    public static final Option<String> HOSTNAME = Option.text(
                    "hostname",
                    "string",
                    null,
                    "1 to 255 printable ASCII " + "characters",
                    "HOSTNAME of every message; set a fully qualified name if the SIEM keys on it")
            .defaultText("this host's name");
    public static final Option<String> FACILITY = Option.text(
            "facility",
            "name or number",
            SyslogSinkSettings.DEFAULT_FACILITY,
            "`kern`, `user`, `mail`, `daemon`, `auth`, `syslog`, `lpr`, `news`, "
                    + "`uucp`, `cron`, `authpriv`, `ftp`, `ntp`, `audit`, `alert`, `clock`, `local0`…`local7`, or 0 "
                    + "to 23",
            "syslog facility of every message");
    private static final String SEVERITIES = "`emergency`/`emerg`, `alert`, `critical`/`crit`, `error`/`err`, "
            + "`warning`/`warn`, `notice`, `informational`/`info`, `debug`, or 0 to 7";
    public static final Option<String> SEVERITY_FAILURE = Option.text(
            "severity-failure",
            "name or number",
            SyslogSinkSettings.DEFAULT_SEVERITY_FAILURE,
            SEVERITIES,
            "severity of entries whose `action.result` is present and not `success`");
    public static final Option<String> SEVERITY_SUCCESS = Option.text(
            "severity-success",
            "name or number",
            SyslogSinkSettings.DEFAULT_SEVERITY_SUCCESS,
            SEVERITIES,
            "severity of entries whose `action.result` is `success`");
    public static final Option<String> SEVERITY_OTHER = Option.text(
            "severity-other",
            "name or number",
            SyslogSinkSettings.DEFAULT_SEVERITY_OTHER,
            SEVERITIES,
            "severity of entries without a result (Security Center insight changes)");
    public static final Option<Integer> MAX_MESSAGE_SIZE = Option.integer(
            "max-message-size",
            SyslogSinkSettings.DEFAULT_MAX_MESSAGE_SIZE,
            SyslogSinkSettings.MIN_MESSAGE_SIZE,
            SyslogSinkSettings.MAX_STREAM_MESSAGE_SIZE,
            "largest message in bytes, framing excluded (udp: at most " + SyslogSinkSettings.MAX_UDP_MESSAGE_SIZE
                    + "); raise it only as far as the receiver accepts");
    public static final Option<String> OVERSIZE = Option.choice(
            "oversize",
            Oversize.TRUNCATE.configName(),
            names(Oversize.values(), Oversize::configName),
            "what happens to an entry whose message would exceed "
                    + "`max-message-size`: `truncate` (still valid JSON) or `reject` (the page fails)");
    public static final Option<String> STRUCTURED_DATA_ID = Option.text(
            "structured-data-id",
            "string",
            SyslogSinkSettings.DEFAULT_STRUCTURED_DATA_ID,
            "`name@<private enterprise number>`, at most 32 " + "characters",
            "rfc5424 only: the SD-ID (32473 is IANA's example number; use your own if you " + "have one)");
    public static final Option<Duration> CONNECT_TIMEOUT = Option.duration(
            "connect-timeout",
            SyslogSinkSettings.DEFAULT_CONNECT_TIMEOUT,
            Duration.ofMillis(100),
            "tcp/tls connect timeout");
    public static final Option<Duration> TIMEOUT = Option.duration(
            "timeout",
            SyslogSinkSettings.DEFAULT_TIMEOUT,
            Duration.ofMillis(100),
            "tcp/tls: longest one delivery attempt of a page may take, handshake and " + "confirmation included");
    public static final Option<Integer> RETRIES = Option.integer(
            "retries",
            SyslogSinkSettings.DEFAULT_RETRIES,
            0,
            100,
            "further attempts after a failed delivery of a page, each on a new connection");
    public static final Option<Duration> RETRY_DELAY = Option.duration(
            "retry-delay",
            SyslogSinkSettings.DEFAULT_RETRY_DELAY,
            Duration.ZERO,
            "wait before the first retry; doubled for each further one, at most 30 s");

    /** The options that only apply to {@code protocol=tls}. */
    static final List<Option<?>> TLS_OPTIONS =
            List.of(TRUST_STORE, TRUST_STORE_PASSWORD, KEY_STORE, KEY_STORE_PASSWORD, SERVER_NAME);

    static final OptionGroup GROUP = new OptionGroup(
            "syslog",
            "Sink `type=syslog`",
            "cfaudit.sink.<name>.",
            "RFC 5424 or RFC 3164 messages over TCP, TLS or UDP, one per entry (docs/sinks/syslog.md).",
            List.of(
                    HOST,
                    PROTOCOL,
                    PORT,
                    FORMAT,
                    FRAMING,
                    TRUST_STORE,
                    TRUST_STORE_PASSWORD,
                    KEY_STORE,
                    KEY_STORE_PASSWORD,
                    SERVER_NAME,
                    APP_NAME,
                    HOSTNAME,
                    FACILITY,
                    SEVERITY_FAILURE,
                    SEVERITY_SUCCESS,
                    SEVERITY_OTHER,
                    MAX_MESSAGE_SIZE,
                    OVERSIZE,
                    STRUCTURED_DATA_ID,
                    CONNECT_TIMEOUT,
                    TIMEOUT,
                    RETRIES,
                    RETRY_DELAY));

    private SyslogSinkOptions() {}

    private static <E> List<String> names(E[] values, Function<E, String> name) {
        return Stream.of(values).map(name).toList();
    }
}
