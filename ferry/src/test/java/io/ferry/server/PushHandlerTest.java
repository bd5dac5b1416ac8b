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

    /** The HTTP codec gives raw bytes as one char each; the path is their UTF-8, as Go reads it. */
    @Test
    void rawBytesInThePathAreReadAsUtf8() {
        assertThat(PushHandler.decodePath("/metrics/job/\u00CE\u00A0\u00CF\u0081o")).isEqualTo("/metrics/job/Πρo");
        assertThat(PushHandler.decodePath("/metrics/job/\u00CE\u00A0/x/%CF%81")).isEqualTo("/metrics/job/Π/x/ρ");
        assertThatThrownBy(() -> PushHandler.decodePath("/metrics/job/\u00FF\u00FE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the URL path is not valid UTF-8");
    }

    @Test
    void refusesEscapesThatDecodeToMalformedUtf8() {
        // The Pushgateway takes such bytes as a label value, refuses the push at its consistency
        // check, and keeps a failure group that then fails every scrape; Ferry refuses the path.
        for (String path : new String[] {"/metrics/job/a/b/%C3%28", "/metrics/job/%FF", "/metrics/job/a/b/x%C0%AF",
                "/metrics/job/a/b/%ED%A0%80", "/metrics/job/a/b/%E2%82"}) {
            assertThatThrownBy(() -> PushHandler.decodePath(path)).as(path)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the URL path is not valid UTF-8 once its percent-escapes are decoded"
                            + " (raw bytes in it count too)");
        }
        assertThat(PushHandler.decodePath("/metrics/job/%F0%9F%9A%80/b/%E2%82%AC")).isEqualTo("/metrics/job/\uD83D\uDE80/b/\u20AC");
    }
}
