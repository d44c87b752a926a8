package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The options of a {@code cloudflare-audit:} URI bind through the configurer camel-component-maven-plugin generated
 * (no reflection): Camel's duration syntax works for the scheduled-poll options, unknown options are refused.
 */
class EndpointConfigurerTest extends CamelTestSupport {
    private static final String BASE = "cloudflare-audit:acme?type=organization&organizationId=abc&apiToken=x";

    @Test
    void theComponentIsFoundByItsSchemeAndItsEndpointsUseTheGeneratedConfigurer() {
        assertThat(context.getComponent("cloudflare-audit")).isInstanceOf(CloudflareAuditComponent.class);

        PropertyConfigurer endpointConfigurer = PluginHelper.getConfigurerResolver(context)
                .resolvePropertyConfigurer("cloudflare-audit-endpoint", context);
        assertThat(endpointConfigurer).isInstanceOf(CloudflareAuditEndpointConfigurer.class);
        assertThat(context.getComponent("cloudflare-audit").getEndpointPropertyConfigurer())
                .isInstanceOf(CloudflareAuditEndpointConfigurer.class);
        assertThat(context.getComponent("cloudflare-audit").getComponentPropertyConfigurer())
                .isInstanceOf(CloudflareAuditComponentConfigurer.class);
    }

    @Test
    void delayAndInitialDelayAcceptCamelsDurationSyntax() {
        CloudflareAuditEndpoint endpoint =
                context.getEndpoint(BASE + "&delay=5s&initialDelay=1s", CloudflareAuditEndpoint.class);

        assertThat(endpoint.getDelay()).isEqualTo(5000L);
        assertThat(endpoint.getInitialDelay()).isEqualTo(1000L);
    }

    @Test
    void theEndpointsOwnOptionsBindToo() {
        CloudflareAuditEndpoint endpoint = context.getEndpoint(
                BASE + "&pageSize=50&maxPages=7&start=P7D&settle=PT2M&lookback=PT5M&baseUrl=http://127.0.0.1:1"
                        + "&maxRetries=2&retryDelay=PT1S&timeout=PT10S&stateDirectory=/tmp/x",
                CloudflareAuditEndpoint.class);

        assertThat(endpoint.getSource()).isEqualTo("acme");
        assertThat(endpoint.getType()).isEqualTo("organization");
        assertThat(endpoint.getOrganizationId()).isEqualTo("abc");
        assertThat(endpoint.getApiToken()).isEqualTo("x");
        assertThat(endpoint.getPageSize()).isEqualTo(50);
        assertThat(endpoint.getMaxPages()).isEqualTo(7);
        assertThat(endpoint.getStart()).isEqualTo("P7D");
        assertThat(endpoint.getSettle()).isEqualTo("PT2M");
        assertThat(endpoint.getLookback()).isEqualTo("PT5M");
        assertThat(endpoint.getBaseUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(endpoint.getMaxRetries()).isEqualTo(2);
        assertThat(endpoint.getRetryDelay()).isEqualTo("PT1S");
        assertThat(endpoint.getTimeout()).isEqualTo("PT10S");
        assertThat(endpoint.getStateDirectory()).isEqualTo("/tmp/x");
    }

    @Test
    void anUnknownOptionIsRefusedWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> context.getEndpoint("cloudflare-audit:org?type=organization&organisationId=abc"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("organisationId");
    }

    @Test
    void theGeneratedUriFactoryKnowsTheOptionsAndWhichAreSecret() {
        EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("cloudflare-audit");

        assertThat(factory).isInstanceOf(CloudflareAuditEndpointUriFactory.class);
        assertThat(factory.isLenientProperties()).isFalse();
        assertThat(factory.propertyNames()).contains("source", "type", "organizationId", "apiToken", "delay");
        assertThat(factory.secretPropertyNames()).containsExactlyInAnyOrder("apiToken", "apiKey");
    }
}
