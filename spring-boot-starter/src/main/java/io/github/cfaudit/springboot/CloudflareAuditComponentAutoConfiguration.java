package io.github.cfaudit.springboot;

import io.github.cfaudit.component.CloudflareAuditComponent;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.state.CheckpointStore;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configuration of the {@code cloudflare-audit} component: applies {@code camel.component.cloudflare-audit.*} to
 * the component when Camel creates it, and makes {@code connection.*} the bean {@value #CONNECTION_BEAN}.
 */
@AutoConfiguration(after = {CamelAutoConfiguration.class, CloudflareAuditComponentConverter.class})
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ComponentConfigurationProperties.class, CloudflareAuditComponentConfiguration.class})
@ConditionalOnHierarchicalProperties({"camel.component", CloudflareAuditComponentConfiguration.PREFIX})
public class CloudflareAuditComponentAutoConfiguration {
    /** The bean of the connection declared by {@code camel.component.cloudflare-audit.connection.*}. */
    public static final String CONNECTION_BEAN = "cloudflareAuditConnection";

    /** The connection the options declare, checked at start: a bad value fails the start naming its key. */
    @Bean(CONNECTION_BEAN)
    @Conditional(OnConnectionProperties.class)
    public ConnectionConfig cloudflareAuditConnection(CloudflareAuditComponentConfiguration configuration) {
        return SpringConnections.parse(configuration.getConnection());
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureCloudflareAuditComponent(
            ApplicationContext applicationContext,
            CloudflareAuditComponentConfiguration configuration,
            ObjectProvider<ConnectionConfig> connections,
            ObjectProvider<CheckpointStore> stores) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CloudflareAuditComponent component = (CloudflareAuditComponent) target;
                if (configuration.getBridgeErrorHandler() != null) {
                    component.setBridgeErrorHandler(configuration.getBridgeErrorHandler());
                }
                if (configuration.getAutowiredEnabled() != null) {
                    component.setAutowiredEnabled(configuration.getAutowiredEnabled());
                }
                ConnectionConfig connection = applicationContext.containsBean(CONNECTION_BEAN)
                        ? applicationContext.getBean(CONNECTION_BEAN, ConnectionConfig.class)
                        : connections.getIfUnique();
                if (connection != null) {
                    component.setConnection(connection);
                }
                CheckpointStore store = configuration.getCheckpointStore() != null
                        ? configuration.getCheckpointStore()
                        : stores.getIfUnique();
                if (store != null) {
                    component.setCheckpointStore(store);
                }
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(
                                applicationContext,
                                "camel.component.customizer",
                                CloudflareAuditComponentConfiguration.PREFIX + ".customizer")
                        && target instanceof CloudflareAuditComponent;
            }
        };
    }

    /** Only with the actuator on the class path: this class names none of its types outside this one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
    static class Sanitizing {
        @Bean
        ConnectionSecretsSanitizer cloudflareAuditConnectionSecrets() {
            return new ConnectionSecretsSanitizer();
        }
    }

    /** Whether any {@code camel.component.cloudflare-audit.connection.*} key is set. */
    static class OnConnectionProperties extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean set = Binder.get(context.getEnvironment())
                    .bind(SpringConnections.PREFIX, Bindable.mapOf(String.class, Object.class))
                    .isBound();
            return set
                    ? ConditionOutcome.match(SpringConnections.PREFIX + ".* is set")
                    : ConditionOutcome.noMatch(SpringConnections.PREFIX + ".* is not set");
        }
    }
}
