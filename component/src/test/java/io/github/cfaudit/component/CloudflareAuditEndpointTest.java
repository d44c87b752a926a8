package io.github.cfaudit.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a host reads when a {@code cloudflare-audit:} URI is wrong: the endpoint's own terms (URI options, the source
 * name in the path, a connection bean), never the {@code cfaudit.*} properties the options are checked as.
 */
class CloudflareAuditEndpointTest extends CamelTestSupport {
    private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";

    CloudflareAuditEndpointTest() {
        // each test adds its route and starts the context itself: starting is what fails
        testConfiguration().withUseRouteBuilder(false);
    }

    /** The message the test's CamelContext fails to start with, for a route from {@code uri}. */
    String startFailure(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:never");
            }
        });
        Throwable thrown = catchThrowable(context::start);
        assertThat(thrown).as("the context started with " + uri).isNotNull();
        Throwable t = thrown;
        while (t != null
                && !(t instanceof IllegalArgumentException
                        && t.getMessage() != null
                        && t.getMessage().startsWith("cloudflare-audit:"))) {
            t = t.getCause();
        }
        assertThat(t).as("a cloudflare-audit: message in " + thrown).isNotNull();
        return t.getMessage();
    }

    @Test
    void missingCredentialsNameTheEndpointsOwnOptions() throws Exception {
        String m = startFailure("cloudflare-audit:acct?type=account&accountId=" + ACCOUNT);
        assertThat(m)
                .startsWith("cloudflare-audit:acct: no credentials")
                .contains("apiToken")
                .contains("apiEmail plus apiKey")
                .contains("connection=#")
                .doesNotContain("token-file")
                .doesNotContain("CLOUDFLARE_API_TOKEN")
                .doesNotContain("cfaudit.");
    }

    @Test
    void aBadSourceNameIsReportedAsTheUriPathWithWhatIsValid() throws Exception {
        String m = startFailure("cloudflare-audit:Org_Main?type=account&accountId=" + ACCOUNT + "&apiToken=x");
        assertThat(m)
                .startsWith("cloudflare-audit:Org_Main: the source name 'Org_Main'")
                .contains("cloudflare-audit:<source>")
                .contains("lower-case letters, digits and '-'")
                .doesNotContain("type:")
                .doesNotContain("cfaudit.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "type=zone&accountId=" + ACCOUNT + "&apiToken=x|type: 'zone' is not valid; valid: one of",
                "accountId=" + ACCOUNT + "&apiToken=x|type: is required",
                "type=account&accountId=../etc&apiToken=x|accountId: '../etc' is not a Cloudflare id",
                "type=account&apiToken=x|accountId: is required",
                "type=organization&organizationId=a1&accountId=" + ACCOUNT
                        + "&apiToken=x|accountId: is not an option of type=organization; valid: organizationId",
                "type=account&accountId=" + ACCOUNT
                        + "&zoneId=z1&apiToken=x|zoneId: is not an option of type=account; valid: accountId",
                "type=insight&apiToken=x|accountId: an insight source needs exactly one of accountId or zoneId",
                "type=account-v1&apiToken=x|accountId: is required",
                "type=user-v1&accountId=" + ACCOUNT
                        + "&apiToken=x|accountId: is not an option of type=user-v1; valid: none (it reads the token's own "
                        + "user)",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&pageSize=0|pageSize: 0 is out of range",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&maxPages=0|maxPages: 0 is out of range",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&start=yesterday|start: 'yesterday' is neither",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&settle=1m|settle: '1m' is not an ISO-8601 duration",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&lookback=1m|lookback: '1m' is not an ISO-8601",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&baseUrl=ftp://h|baseUrl: 'ftp://h' is not an http",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&maxRetries=-1|maxRetries: -1 is out of range",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&retryDelay=2s|retryDelay: '2s' is not an ISO-8601",
                "type=account&accountId=" + ACCOUNT + "&apiToken=x&timeout=PT0S|timeout: PT0S is too short",
                "type=account&accountId=" + ACCOUNT + "&apiEmail=ops@example.com|apiKey: is required with apiEmail",
                "type=account&accountId=" + ACCOUNT + "&apiKey=k|apiEmail: is required with apiKey",
                "type=account&accountId=" + ACCOUNT
                        + "&apiToken=x&apiEmail=ops@example.com&apiKey=k|apiToken: set either an API token",
            })
    void everyOptionsMessageNamesTheUriOptionAndNoProperty(String query, String expected) throws Exception {
        String m = startFailure("cloudflare-audit:acct?" + query);
        assertThat(m).startsWith("cloudflare-audit:acct: ").contains(expected).doesNotContain("cfaudit.");
    }

    @Test
    void noSecretInTheMessage() throws Exception {
        String m = startFailure("cloudflare-audit:acct?type=account&accountId=" + ACCOUNT
                + "&apiToken=tok-secret-91f&apiEmail=ops@example.com&apiKey=key-secret-3b2");
        assertThat(m).doesNotContain("tok-secret-91f").doesNotContain("key-secret-3b2");
    }
}
