package io.ferry.http;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the PEM reader behind {@code --ca-file}, {@code --cert-file} and {@code --key-file}: for
 * any text, {@link Pem} returns or throws {@link PemException}, whose message names the source and
 * a line. Without {@code JAZZER_FUZZ} this replays {@code PemFuzzTestInputs/fuzz}; run it with
 * {@code bench/fuzz.sh pem SECONDS} (docs/fuzzing.md).
 */
class PemFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void fuzz(byte[] data) {
        // ClientTls reads files as ISO-8859-1, so every byte sequence is a possible input.
        String text = new String(data, StandardCharsets.ISO_8859_1);
        check(() -> Pem.certificates(text, "f"));
        check(() -> Pem.privateKey(text, "f"));
    }

    private interface Read {
        Object run() throws PemException;
    }

    private static void check(Read read) {
        try {
            if (read.run() == null) {
                throw new AssertionError("returned null");
            }
        } catch (PemException e) {
            if (!e.getMessage().matches("(?s)f:\\d+: .+")) {
                throw new AssertionError("message without the source and line: " + e.getMessage());
            }
        }
    }
}
