package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;

/** What the consumer tests share: starting the route {@code audit} and reading the page exchanges it delivered. */
final class PageExchanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageExchanges() {}

    /** Starts the route {@code audit} and waits until {@code count} page exchanges completed and {@code pages} is satisfied. */
    static void startAndAwait(CamelContext context, MockEndpoint pages, int count) throws Exception {
        NotifyBuilder done = new NotifyBuilder(context)
                .fromRoute("audit")
                .whenCompleted(count)
                .create();
        context.getRouteController().startRoute("audit");
        assertThat(done.matches(20, TimeUnit.SECONDS))
                .as("%d page exchanges completed", count)
                .isTrue();
        pages.assertIsSatisfied();
    }

    /** The ids of the entries of every page exchange received, in order, read from the pages as NDJSON (the type converter). */
    static List<String> deliveredIds(MockEndpoint pages) throws Exception {
        List<String> delivered = new ArrayList<>();
        for (Exchange page : pages.getReceivedExchanges()) {
            String ndjson = page.getMessage().getBody(String.class);
            assertThat(ndjson).endsWith("\n");
            for (String line : ndjson.split("\n")) {
                delivered.add(JSON.readTree(line).get("id").asText());
            }
        }
        return delivered;
    }
}
