package io.ferry.cli;

import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.MetricFamily;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * An exposition read by a command ({@code check metrics}, {@code push}, {@code run}'s textfile):
 * bounded like a pushed body, its format detected, checked by the server's own parser with every
 * problem reported as {@code NAME:LINE: reason}. Stateless.
 */
final class ExpositionInput {
    /** The most bytes read: the parser's body limit. */
    static final long MAX_BYTES = ParseLimits.DEFAULT.maxBodyBytes();

    private ExpositionInput() {
    }

    /** At most {@link #MAX_BYTES} + 1 bytes of {@code in}: longer than {@code MAX_BYTES} means too large. */
    static byte[] read(InputStream in) throws IOException {
        return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES + 1));
    }

    /** What to say of an input longer than {@link #MAX_BYTES}. */
    static String tooLarge(String name) {
        return name + ": larger than the " + (MAX_BYTES >> 20) + " MiB limit";
    }

    /**
     * The families of {@code body}, or null when it does not parse; then each problem has been told
     * to {@code problems} as {@code NAME:LINE: reason} (or {@code NAME: reason} for the body as a whole).
     */
    static List<MetricFamily> parse(byte[] body, ExpositionFormat format, String name, Consumer<String> problems) {
        try {
            return format.parser(ParseLimits.DEFAULT, true).parse(body);
        } catch (ExpositionException e) {
            for (ExpositionException.Problem p : e.problems()) {
                problems.accept(p.line() > 0 ? name + ":" + p.line() + ": " + p.reason() : name + ": " + p.reason());
            }
            return null;
        }
    }

    /** OpenMetrics when the last non-blank line is {@code # EOF}, which OpenMetrics requires; text otherwise. */
    static ExpositionFormat detect(byte[] body) {
        int end = body.length;
        while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r' || body[end - 1] == ' ' || body[end - 1] == '\t')) {
            end--;
        }
        byte[] eof = "# EOF".getBytes(StandardCharsets.US_ASCII);
        int start = end - eof.length;
        if (start < 0 || start > 0 && body[start - 1] != '\n') {
            return ExpositionFormat.PROMETHEUS_TEXT;
        }
        for (int i = 0; i < eof.length; i++) {
            if (body[start + i] != eof[i]) {
                return ExpositionFormat.PROMETHEUS_TEXT;
            }
        }
        return ExpositionFormat.OPENMETRICS;
    }
}
