package io.ferry.tunnel.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.TunnelWireException;

/**
 * Fuzzes the reader of {@code /push} bodies, {@link RelayedResponse#parse} (what anyone who reaches
 * the proxy may send): it returns a response or throws {@link TunnelWireException} with a message,
 * nothing else, and never a body above the limit; a response read, written with
 * {@link RelayedResponse#toWire}, reads back equal. Without {@code JAZZER_FUZZ} this replays the
 * committed inputs; {@code bench/fuzz.sh push SECONDS} fuzzes it (docs/fuzzing.md).
 */
class RelayedResponseFuzzTest {
    private static final long MAX_BODY = 64 * 1024;

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        RelayedResponse first;
        try {
            first = RelayedResponse.parse(data, 0, data.length, MAX_BODY);
        } catch (TunnelWireException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("an error without a reason", e);
            }
            return;
        }
        if (first.body().length > MAX_BODY) {
            throw new AssertionError("a body of " + first.body().length + " bytes passed the limit");
        }
        byte[] written = first.toWire();
        RelayedResponse again;
        try {
            again = RelayedResponse.parse(written, 0, written.length, MAX_BODY);
        } catch (TunnelWireException e) {
            throw new AssertionError("the wire form of " + first + " does not read back: " + e.getMessage(), e);
        }
        if (!again.equals(first)) {
            throw new AssertionError(first + " read back as " + again);
        }
    }
}
