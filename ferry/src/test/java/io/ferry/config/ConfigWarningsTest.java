package io.ferry.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigWarningsTest {
    private static final String TUNNEL_JOB = "scrape_configs:\n  - job_name: sites\n    tunnel_sd_configs: [{}]\n";

    @Test
    void tunnelSdWithTheProxyOffIsWarnedOf() throws Exception {
        assertThat(ConfigWarnings.of(ConfigLoader.parse("tunnel: {enabled: false}\n" + TUNNEL_JOB, "ferry.yml"), Path.of(".")))
                .containsExactly("scrape job \"sites\" has tunnel_sd_configs, but the tunnel proxy is off "
                        + "(tunnel.enabled: false): it finds no client");
        assertThat(ConfigWarnings.of(ConfigLoader.parse(TUNNEL_JOB, "ferry.yml"), Path.of("."))).isEmpty();
    }
}
