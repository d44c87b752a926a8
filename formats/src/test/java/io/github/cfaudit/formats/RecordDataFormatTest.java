package io.github.cfaudit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.cloudflare.AuditEntries;
import io.github.cfaudit.cloudflare.AuditEntry;
import io.github.cfaudit.cloudflare.SourceType;
import io.github.cfaudit.component.CloudflareAuditConstants;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** The data formats in a route: what a Camel user writes after the cloudflare-audit: consumer. */
class RecordDataFormatTest extends CamelTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ocsf").marshal(new OcsfDataFormat(OcsfVersion.V1_1_0, false));
                from("direct:ecs").marshal(new EcsDataFormat());
                from("direct:cef").marshal(new CefDataFormat());
                from("direct:leef").marshal(new LeefDataFormat());
                from("direct:unmarshal").unmarshal(new OcsfDataFormat());
            }
        };
    }

    @Test
    void marshalsAnEntryIntoItsRecord() {
        AuditEntry e = TestEntries.synthetic(1).get(SourceType.ACCOUNT).get(0);
        Exchange out = template.request("direct:ocsf", x -> {
            x.getMessage().setBody(e);
            x.getMessage().setHeader(CloudflareAuditConstants.SOURCE_TYPE, "account");
        });
        assertThat(out.getMessage().getBody(byte[].class))
                .isEqualTo(new OcsfFormat(OcsfVersion.V1_1_0, false).render(e, SourceType.ACCOUNT));
        assertThat(out.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json; charset=UTF-8");
    }

    @Test
    void marshalsAPageIntoOneRecordPerLine() {
        List<AuditEntry> entries = TestEntries.synthetic(3).get(SourceType.INSIGHT);
        String body = template.requestBodyAndHeader(
                "direct:cef", new AuditEntries(entries), CloudflareAuditConstants.SOURCE_TYPE, "insight", String.class);
        String expected = entries.stream()
                .map(e -> new String(new CefFormat().render(e, SourceType.INSIGHT), StandardCharsets.UTF_8))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(body).isEqualTo(expected);
    }

    @Test
    void withoutTheHeaderTheSourceTypeIsReadFromTheEntry() {
        var data = TestEntries.synthetic(1);
        for (SourceType type : SourceType.values()) {
            AuditEntry e = data.get(type).get(0);
            // a v1 entry does not say whose log it came from: account-v1 unless the type or the header says user-v1
            SourceType inferred = type == SourceType.USER_V1 ? SourceType.ACCOUNT_V1 : type;
            assertThat(RecordDataFormat.inferType(e)).isEqualTo(inferred);
            assertThat(template.requestBody("direct:leef", e, byte[].class))
                    .isEqualTo(new LeefFormat().render(e, inferred));
            assertThat(template.requestBody("direct:ecs", e, byte[].class))
                    .isEqualTo(new EcsFormat().render(e, inferred));
        }
    }

    @Test
    void unmarshalIsRefusedWithAReason() {
        assertThatThrownBy(() -> template.requestBody("direct:unmarshal", "{}"))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(UnsupportedOperationException.class)
                .rootCause()
                .hasMessageStartingWith("cfaudit-ocsf only marshals");
    }
}
