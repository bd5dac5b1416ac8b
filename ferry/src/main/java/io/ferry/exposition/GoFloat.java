package io.ferry.exposition;

import io.ferry.exposition.internal.FloatFormat;
import io.ferry.wire.ByteSink;

import java.nio.charset.StandardCharsets;

/**
 * A double as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} renders it, which {@code fmt.Sprint}
 * and {@code %v} use: the shortest digits that round-trip, exponent form when the decimal exponent
 * is below -4 or at least 6, NaN, {@code +Inf} and {@code -Inf} by name, and {@code -0} kept. For
 * what speaks Go's numbers outside an exposition body, such as the Pushgateway's JSON API; the
 * writers use the same rendering, but write {@code -0} as {@code 0}, as client_golang's writer does.
 *
 * <pre>{@code
 * GoFloat.format(1583781848.025745);   // "1.583781848025745e+09"
 * GoFloat.format(250000);              // "250000"
 * GoFloat.format(-0.0);                // "-0"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class GoFloat {
    private GoFloat() {
    }

    public static String format(double v) {
        if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
            return "-0";
        }
        ByteSink out = new ByteSink(24);
        FloatFormat.write(out, v);
        return new String(out.array(), 0, out.size(), StandardCharsets.US_ASCII);
    }
}
