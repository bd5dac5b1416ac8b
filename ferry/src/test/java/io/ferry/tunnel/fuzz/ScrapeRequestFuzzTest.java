package io.ferry.tunnel.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelWireException;

import java.util.Arrays;

/**
 * Fuzzes the reader of a poll's answer, {@link ScrapeRequest#parse} (what a tunnel client does with
 * whatever a proxy, or a load balancer in front of it, answers): it returns a request or throws
 * {@link TunnelWireException} with a message, nothing else; a request read, written in proxy form,
 * reads back, and writing that again gives the same bytes. Without {@code JAZZER_FUZZ} this replays
 * the committed inputs; {@code bench/fuzz.sh pollanswer SECONDS} fuzzes it (docs/fuzzing.md).
 */
class ScrapeRequestFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        ScrapeRequest first;
        try {
            first = ScrapeRequest.parse(data, 0, data.length);
        } catch (TunnelWireException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("an error without a reason", e);
            }
            return;
        }
        byte[] written = first.toProxyForm();
        ScrapeRequest again;
        try {
            again = ScrapeRequest.parse(written, 0, written.length);
        } catch (TunnelWireException e) {
            throw new AssertionError("the proxy form of " + first + " does not read back: " + e.getMessage(), e);
        }
        if (!Arrays.equals(again.toProxyForm(), written)) {
            throw new AssertionError("writing " + first + " again changed it");
        }
    }
}
