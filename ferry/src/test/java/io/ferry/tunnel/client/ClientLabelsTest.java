package io.ferry.tunnel.client;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientLabelsTest {
    @Test
    void theHeaderIsSortedJsonInAscii() {
        assertThat(ClientLabels.of(Map.of("site", "a", "env", "prod")).header()).isEqualTo("{\"env\":\"prod\",\"site\":\"a\"}");
        assertThat(ClientLabels.of(Map.of("city", "Zürich \"Nord\"\n")).header())
                .isEqualTo("{\"city\":\"Z\\u00fcrich \\\"Nord\\\"\\u000a\"}");
        assertThat(ClientLabels.NONE.header()).isNull();
        assertThat(ClientLabels.of(Map.of())).isSameAs(ClientLabels.NONE);
    }

    @Test
    void invalidOrReservedNamesAndOversizedLabelsAreRefused() {
        assertThatThrownBy(() -> ClientLabels.of(Map.of("__address__", "x"))).hasMessageContaining("__address__");
        assertThatThrownBy(() -> ClientLabels.of(Map.of("a-b", "x"))).hasMessageContaining("a-b");
        assertThatThrownBy(() -> ClientLabels.of(Map.of("big", "x".repeat(ClientLabels.MAX_HEADER_BYTES))))
                .hasMessageContaining("8192 bytes");
    }
}
