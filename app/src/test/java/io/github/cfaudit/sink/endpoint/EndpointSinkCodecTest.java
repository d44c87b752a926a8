package io.github.cfaudit.sink.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cfaudit.cloudflare.AuditEndpoint;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.config.SourceConfig;
import io.github.cfaudit.config.StartPosition;
import io.github.cfaudit.formats.RecordChecks;
import io.github.cfaudit.formats.RecordFormats;
import io.github.cfaudit.sink.PageBatch;
import io.github.cfaudit.sink.RecordCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoint sink: the entry itself for {@code cloudflare}, the record as a String for OCSF and ECS. */
class EndpointSinkCodecTest {
    private static final SourceConfig SOURCE = new SourceConfig(
            "acct",
            AuditEndpoint.account("x"),
            "0 * * * * ?",
            new StartPosition.Ago(Duration.ofDays(1)),
            1000,
            Duration.ZERO,
            Duration.ZERO,
            10,
            Map.of());

    @ParameterizedTest
    @ValueSource(strings = {"cloudflare", "ocsf", "ecs"})
    void eachExchangeCarriesTheRecordOfOneEntry(String codec) throws Exception {
        List<AuditEntry> entries = RecordChecks.realistic(SourceType.ACCOUNT, 5);
        try (var context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:audit").to("mock:out");
                }
            });
            context.start();
            MockEndpoint out = context.getEndpoint("mock:out", MockEndpoint.class);
            out.expectedMessageCount(entries.size());
            try (EndpointSink sink =
                    new EndpointSink("own", "direct:audit", new RecordCodec(RecordFormats.of(codec)), context)) {
                PageBatch batch = sink.newBatch(SOURCE);
                entries.forEach(batch::add);
                batch.flush();
            }
            out.assertIsSatisfied();
            for (int i = 0; i < entries.size(); i++) {
                Exchange e = out.getExchanges().get(i);
                Object body = e.getMessage().getBody();
                if (codec.equals("cloudflare")) {
                    assertThat(body).isSameAs(entries.get(i));
                    continue;
                }
                assertThat(body).isInstanceOf(String.class);
                assertThat(RecordChecks.problems(codec, (String) body)).isEmpty();
                assertThat(RecordChecks.id(codec, (String) body))
                        .isEqualTo(entries.get(i).id());
                assertThat(e.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
                assertThat(e.getMessage().getHeader("CloudflareAuditEntryId"))
                        .isEqualTo(entries.get(i).id());
            }
        }
    }
}
