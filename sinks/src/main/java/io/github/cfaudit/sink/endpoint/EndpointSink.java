package io.github.cfaudit.sink.endpoint;

import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.routing.EntryHeaders;
import io.github.cfaudit.sink.AuditSink;
import io.github.cfaudit.sink.EntryListBatch;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.RecordCodec;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;

/**
 * Sends each selected entry, one exchange per entry in event-time order, to a Camel endpoint, synchronously. The
 * page counts as accepted by this sink only when the endpoint returned every exchange without an exception, so a
 * route of your own gets the same guarantee as the built-in sinks.
 */
public final class EndpointSink implements AuditSink {
    private final String name;
    private final String uri;
    private final CamelContext context;
    private final ProducerTemplate producer;

    private final RecordCodec codec;

    public EndpointSink(String name, String uri, CamelContext context) {
        this(name, uri, RecordCodec.verbatimCodec(), context);
    }

    /**
     * {@code codec=cloudflare}: the body is the {@link AuditEntry}; another codec: the record as a UTF-8 String, with
     * {@code Content-Type} {@code application/json} (OCSF, ECS).
     */
    public EndpointSink(String name, String uri, RecordCodec codec, CamelContext context) {
        this.name = name;
        this.uri = uri;
        this.codec = codec;
        this.context = context;
        this.producer = context.createProducerTemplate();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PageBatch newBatch(SourceConfig source) {
        return new EntryListBatch() {
            @Override
            public void flush() throws Exception {
                for (AuditEntry entry : entries) {
                    Exchange exchange = new DefaultExchange(context);
                    if (codec.verbatim()) {
                        exchange.getMessage().setBody(entry);
                    } else {
                        exchange.getMessage().setBody(new String(codec.render(entry, source), StandardCharsets.UTF_8));
                        exchange.getMessage()
                                .setHeader(Exchange.CONTENT_TYPE, codec.format().mediaType());
                    }
                    EntryHeaders.set(exchange.getMessage(), source, entry);
                    Exchange result = producer.send(uri, exchange);
                    if (result.getException() != null) {
                        throw result.getException();
                    }
                }
            }
        };
    }

    @Override
    public void endRun(SourceConfig source) {
        codec.report(name, source.name());
    }

    @Override
    public String check() {
        boolean consumed = context.getRoutes().stream()
                .anyMatch(r -> r.getEndpoint()
                        .getEndpointUri()
                        .equals(context.getEndpoint(uri).getEndpointUri()));
        if (uri.startsWith("direct:") && !consumed) {
            throw new IllegalStateException("no route consumes " + uri + ": add one (e.g. a YAML route in routes/ "
                    + "with from: uri: " + uri + ")");
        }
        return consumed ? "route consuming " + uri + " is running" : "endpoint " + uri + " resolves";
    }

    @Override
    public void close() throws Exception {
        producer.close();
    }
}
