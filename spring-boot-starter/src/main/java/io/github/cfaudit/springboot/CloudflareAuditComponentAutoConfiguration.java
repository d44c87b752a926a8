package io.github.cfaudit.springboot;

import io.github.cfaudit.component.CloudflareAuditComponent;
import io.github.cfaudit.config.ConnectionConfig;
import io.github.cfaudit.state.CheckpointStore;
import java.util.Map;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
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
import org.springframework.core.env.Environment;
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

    /** The bean of the connections' holder, whose {@code named(<name>)} makes each named connection's bean. */
    public static final String CONNECTIONS_BEAN = "cloudflareAuditConnections";

    /**
     * Every connection the options declare, parsed and checked together at start: a bad value fails the start naming
     * its key.
     */
    @Bean(CONNECTIONS_BEAN)
    public CloudflareAuditConnections cloudflareAuditConnections(
            CloudflareAuditComponentConfiguration configuration, Environment environment) {
        return new CloudflareAuditConnections(SpringConnections.parse(
                OnConnectionProperties.isSet(environment) ? configuration.getConnection() : null,
                configuration.getConnections()));
    }

    /** The component's connection, {@code connection.*}. */
    @Bean(CONNECTION_BEAN)
    @Conditional(OnConnectionProperties.class)
    public ConnectionConfig cloudflareAuditConnection(CloudflareAuditConnections connections) {
        return connections.component().orElseThrow();
    }

    /** A bean per named connection, {@code connections.<name>.*}, named {@code <name>}. */
    @Bean
    public static BeanDefinitionRegistryPostProcessor cloudflareAuditNamedConnections(Environment environment) {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                Map<String, Object> named = Binder.get(environment)
                        .bind(SpringConnections.NAMED_PREFIX, Bindable.mapOf(String.class, Object.class))
                        .orElse(Map.of());
                for (String name : named.keySet()) {
                    RootBeanDefinition bean = new RootBeanDefinition(ConnectionConfig.class);
                    bean.setFactoryBeanName(CONNECTIONS_BEAN);
                    bean.setFactoryMethodName("named");
                    bean.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
                    registry.registerBeanDefinition(name, bean);
                }
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
        };
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureCloudflareAuditComponent(
            ApplicationContext applicationContext,
            CloudflareAuditComponentConfiguration configuration,
            CloudflareAuditConnections declared,
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
                // a named connection is never the component's by chance: only the context's own bean, if alone
                ConnectionConfig connection = declared.isEmpty()
                        ? connections.getIfUnique()
                        : declared.component().orElse(null);
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
            return isSet(context.getEnvironment())
                    ? ConditionOutcome.match(SpringConnections.PREFIX + ".* is set")
                    : ConditionOutcome.noMatch(SpringConnections.PREFIX + ".* is not set");
        }

        static boolean isSet(Environment environment) {
            return Binder.get(environment)
                    .bind(SpringConnections.PREFIX, Bindable.mapOf(String.class, Object.class))
                    .isBound();
        }
    }
}
