package io.github.cfaudit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cfaudit.sink.s3.S3ObjectEncoder;
import io.github.cfaudit.sink.s3.S3SinkType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sinks module alone, as an embedding application that depends on it without the security-lake module sees it:
 * {@code codec=ocsf-parquet} is refused at startup, naming the key and the missing module.
 */
class OcsfParquetWithoutModuleTest {

    @Test
    void parquetIsNotOnTheSinksClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.parquet.hadoop.ParquetWriter"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void ocsfParquetNamesTheMissingModule() {
        assertThat(S3ObjectEncoder.find("ocsf-parquet")).isEmpty();
        ConfigProperties s = ConfigProperties.of(Map.of(
                        "cfaudit.sink.lake.type", "s3",
                        "cfaudit.sink.lake.codec", "ocsf-parquet"))
                .section("cfaudit")
                .section("sink")
                .section("lake");
        assertThatThrownBy(() -> SinkOptions.codec(s, new S3SinkType()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cfaudit.sink.lake.codec: 'ocsf-parquet' needs the module "
                        + "io.github.cfaudit:camel-cloudflare-audit-security-lake on the class path")
                .hasMessageContaining("valid without it: one of cloudflare, ocsf, ecs");
    }
}
