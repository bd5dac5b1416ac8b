package io.ferry.exposition.internal;

import io.ferry.wire.ByteSink;

/**
 * Renders doubles the way Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} does, which is what
 * Prometheus, client_golang and the Pushgateway write: the shortest digits that round-trip,
 * exponent form when the decimal exponent is below -4 or at least 6 ({@code 1e-05},
 * {@code 1.234567e+06}), plain form otherwise ({@code 250000}, {@code 0.001}). Matching it byte for
 * byte keeps Ferry's output identical to the Pushgateway's.
 */
public final class FloatFormat {
    private static final double TWO_POW_53 = 9007199254740992.0;

    private FloatFormat() {
    }

    /** Appends {@code v} in Go's shortest {@code %g} form; NaN, {@code +Inf} and {@code -Inf} by name. */
    public static void write(ByteSink out, double v) {
        write(out, v, false);
    }

    /**
     * As {@link #write(ByteSink, double)}, for values that repeat across series ({@code le} and
     * {@code quantile} bounds): their rendering is remembered.
     */
    public static void writeBound(ByteSink out, double v) {
        write(out, v, true);
    }

    private static void write(ByteSink out, double v, boolean repeats) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            out.writeLong((long) v); // also turns -0.0 into "0", as Go's writer does
            return;
        }
        if (Double.isNaN(v)) {
            out.writeAscii("NaN");
        } else if (Double.isInfinite(v)) {
            out.writeAscii(v > 0 ? "+Inf" : "-Inf");
        } else if (v == Math.rint(v) && Math.abs(v) <= TWO_POW_53) {
            // An integer of at most 53 bits: its own decimal digits are the shortest that round-trip.
            long n = (long) v;
            if (n < 0) {
                out.write('-');
                n = -n;
            }
            String digits = Long.toString(n);
            int exp = digits.length() - 1;
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            writeExponentForm(out, digits, end, exp);
        } else if (repeats) {
            writeCached(out, v);
        } else {
            writeGeneral(out, v);
        }
    }

    // Bucket bounds and quantiles repeat on every series; their rendering is kept here. Entries are
    // immutable and replaced whole, so unsynchronised sharing between threads is safe.
    private record Rendered(long bits, byte[] text) {
    }

    private static final Rendered[] RENDERED = new Rendered[1024];

    private static void writeCached(ByteSink out, double v) {
        long bits = Double.doubleToRawLongBits(v);
        int slot = (int) (bits ^ bits >>> 29 ^ bits >>> 47) & (RENDERED.length - 1);
        Rendered r = RENDERED[slot];
        if (r == null || r.bits != bits) {
            ByteSink one = new ByteSink(24);
            writeGeneral(one, v);
            r = new Rendered(bits, one.toByteArray());
            RENDERED[slot] = r;
        }
        out.write(r.text);
    }

    /**
     * Appends {@code v} in OpenMetrics' canonical form for {@code le} and {@code quantile} values:
     * Go's {@code %g} with {@code .0} added to integers ({@code 1.0}, {@code 10.0}, {@code 1e+06}).
     */
    public static void writeCanonical(ByteSink out, double v) {
        int start = out.size();
        writeBound(out, v);
        byte[] b = out.array();
        for (int i = start; i < out.size(); i++) {
            byte c = b[i];
            if (c == '.' || c == 'e' || c == 'N' || c == 'I') {
                return;
            }
        }
        out.write('.').write('0');
    }

    private static void writeGeneral(ByteSink out, double v) {
        // Java's Double.toString gives the shortest round-tripping digits (JDK 19+), in its own layout.
        String s = Double.toString(v);
        int i = 0;
        if (s.charAt(0) == '-') {
            out.write('-');
            i = 1;
        }
        int e = s.indexOf('E');
        int exp10 = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
        int mantEnd = e < 0 ? s.length() : e;
        int dot = s.indexOf('.', i);
        StringBuilder digits = new StringBuilder(20);
        digits.append(s, i, dot).append(s, dot + 1, mantEnd);
        int point = dot - i + exp10; // position of the decimal point within digits
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits.delete(0, lead);
        point -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits.setLength(end);
        if (end == 2 && Math.abs(v) < Double.MIN_NORMAL) {
            // For subnormals Java may print two digits where one already round-trips (4.9E-324);
            // Go prints the one. Normal doubles are too precise for a one-digit decimal to do so.
            point = shortenToOneDigit(digits, point, Math.abs(v));
            end = digits.length();
        }
        int exp = point - 1;
        String d = digits.toString();
        if (exp < -4 || exp >= 6) {
            writeExponentForm(out, d, end, exp);
        } else if (point <= 0) {
            out.write('0').write('.');
            for (int z = point; z < 0; z++) {
                out.write('0');
            }
            out.writeAscii(d);
        } else if (point >= end) {
            out.writeAscii(d);
            for (int z = end; z < point; z++) {
                out.write('0');
            }
        } else {
            out.writeAscii(d.substring(0, point)).write('.').writeAscii(d.substring(point));
        }
    }

    private static int shortenToOneDigit(StringBuilder digits, int point, double abs) {
        int first = digits.charAt(0) - '0';
        int second = digits.charAt(1) - '0';
        int[] order = second >= 5 ? new int[] {first + 1, first} : new int[] {first, first + 1};
        for (int candidate : order) {
            int p = point;
            int digit = candidate;
            if (digit == 10) {
                digit = 1;
                p++;
            }
            if (digit > 0 && Double.parseDouble(digit + "e" + (p - 1)) == abs) {
                digits.setLength(0);
                digits.append((char) ('0' + digit));
                return p;
            }
        }
        return point;
    }

    private static void writeExponentForm(ByteSink out, String digits, int nDigits, int exp) {
        out.write(digits.charAt(0));
        if (nDigits > 1) {
            out.write('.');
            for (int k = 1; k < nDigits; k++) {
                out.write(digits.charAt(k));
            }
        }
        out.write('e').write(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            out.write('0');
        }
        out.writeLong(a);
    }

    /** Appends milliseconds as decimal seconds, e.g. {@code 1605301325123} as {@code 1605301325.123}. */
    public static void writeSeconds(ByteSink out, long ms) {
        if (ms < 0) {
            out.write('-');
            if (ms == Long.MIN_VALUE) {
                out.writeAscii("9223372036854775.808");
                return;
            }
            ms = -ms;
        }
        out.writeLong(ms / 1000);
        long frac = ms % 1000;
        if (frac != 0) {
            out.write('.');
            if (frac < 100) {
                out.write('0');
            }
            if (frac < 10) {
                out.write('0');
            }
            while (frac % 10 == 0) {
                frac /= 10;
            }
            out.writeLong(frac);
        }
    }
}
