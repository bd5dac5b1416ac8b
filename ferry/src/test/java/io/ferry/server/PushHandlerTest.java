package io.ferry.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushHandlerTest {

    @Test
    void decodesThePathAsGoDoesWithPlusKeptAsPlus() {
        assertThat(PushHandler.decodePath("/metrics/job/a%2Fb/x/1+2")).isEqualTo("/metrics/job/a/b/x/1+2");
        assertThat(PushHandler.decodePath("/metrics/job/%CE%A0%CF%81")).isEqualTo("/metrics/job/Πρ");
        assertThat(PushHandler.decodePath("/metrics/job/plain")).isEqualTo("/metrics/job/plain");
        assertThatThrownBy(() -> PushHandler.decodePath("/metrics/job/%ZZ"))
                .hasMessage("invalid percent-escape in the URL path at character 14");
        assertThatThrownBy(() -> PushHandler.decodePath("/metrics/job/%4"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
