package io.github.cfaudit.sink.syslog;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.EntryListBatch;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.RecordCodec;
import io.github.cfaudit.sink.syslog.SyslogSinkSettings.Protocol;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one syslog message per entry. A page's entries are encoded first (so an oversize entry under
 * {@code oversize=reject} fails the page before anything is sent), then delivered in event-time order in one
 * attempt; a failed attempt is repeated {@code retries} times, waiting {@code retry-delay}, doubled each time. Over
 * TCP and TLS an attempt succeeds only when the receiver confirmed it (see {@link StreamTransport}); over UDP when
 * the datagrams left (see {@link UdpTransport}). Only then does {@link PageBatch#flush()} return and the checkpoint
 * move.
 *
 * <p>Batches share nothing but the immutable encoder and transport, so sources may flush at the same time; each
 * attempt has its own connection.
 */
public final class SyslogSink implements AuditSink {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogSink.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final String name;
    private final SyslogSinkSettings settings;
    private final SyslogEncoder encoder;
    private final ScheduledExecutorService watchdog;
    private final SyslogTransport transport;
    private final SyslogFailureDiagnosis diagnosis;

    private final RecordCodec codec;

    public SyslogSink(String name, SyslogSinkSettings settings) throws IOException, GeneralSecurityException {
        this(name, settings, RecordCodec.verbatimCodec());
    }

    /** {@code codec}: what MSG is (the entry's JSON, an OCSF or ECS object, a CEF or LEEF record). */
    public SyslogSink(String name, SyslogSinkSettings settings, RecordCodec codec)
            throws IOException, GeneralSecurityException {
        this.name = name;
        this.settings = settings;
        this.codec = codec;
        this.encoder = new SyslogEncoder(settings, ProcessHandle.current().pid(), codec);
        this.diagnosis = new SyslogFailureDiagnosis(settings);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cfaudit-syslog-" + name + "-watchdog");
            t.setDaemon(true);
            return t;
        });
        if (settings.protocol() == Protocol.UDP) {
            this.transport = new UdpTransport(settings.host(), settings.port());
        } else {
            this.transport = new StreamTransport(
                    settings.host(),
                    settings.port(),
                    settings.framing(),
                    settings.connectTimeout(),
                    settings.timeout(),
                    settings.tls().isPresent()
                            ? TlsContexts.create(settings.tls().get()).getSocketFactory()
                            : null,
                    settings.tls().map(SyslogSinkSettings.Tls::serverName).orElse(settings.host()),
                    watchdog);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PageBatch newBatch(SourceConfig source) {
        return new Batch(source);
    }

    /**
     * TCP and TLS: a connection (TLS: the full handshake, server verified, client certificate presented when
     * configured), kept open long enough to see a refusal, then closed without sending a message. UDP: the host
     * resolves; nothing more can be verified without sending one.
     */
    @Override
    public String check() throws IOException {
        try {
            return transport.check();
        } catch (IOException e) {
            throw new IOException(
                    "syslog sink " + name + " (" + settings.address() + "): " + diagnosis.checkFailure(e), e);
        }
    }

    @Override
    public void endRun(SourceConfig source) {
        codec.report(name, source.name());
    }

    @Override
    public void close() {
        transport.close();
        watchdog.shutdownNow();
    }

    private final class Batch extends EntryListBatch {
        private final SourceConfig source;

        Batch(SourceConfig source) {
            this.source = source;
        }

        @Override
        public void flush() throws Exception {
            if (entries.isEmpty()) {
                return;
            }
            List<byte[]> messages = new ArrayList<>(entries.size());
            for (AuditEntry entry : entries) {
                messages.add(encoder.encode(entry, source));
            }
            deliver(messages);
        }

        private void deliver(List<byte[]> messages) throws IOException {
            Duration delay = settings.retryDelay();
            for (int attempt = 0; ; attempt++) {
                try {
                    transport.deliver(messages);
                    if (attempt > 0) {
                        LOG.info(
                                "syslog sink {}: delivered {} message(s) of source {} to {} on attempt {}",
                                name,
                                messages.size(),
                                source.name(),
                                settings.address(),
                                attempt + 1);
                    }
                    return;
                } catch (IOException e) {
                    if (attempt >= settings.retries()) {
                        throw new IOException(
                                "syslog sink " + name + ": could not deliver " + messages.size()
                                        + " message(s) of source " + source.name() + " to " + settings.address()
                                        + " in "
                                        + (attempt + 1) + " attempt(s): " + e.getMessage(),
                                e);
                    }
                    LOG.warn(
                            "syslog sink {}: attempt {} of {} to deliver {} message(s) to {} failed: {}; retrying in {}",
                            name,
                            attempt + 1,
                            settings.retries() + 1,
                            messages.size(),
                            settings.address(),
                            e.toString(),
                            delay);
                    sleep(delay);
                    delay = delay.multipliedBy(2).compareTo(MAX_RETRY_DELAY) > 0
                            ? MAX_RETRY_DELAY
                            : delay.multipliedBy(2);
                }
            }
        }
    }

    private static void sleep(Duration delay) throws InterruptedIOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
