package io.ferry.push;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Times as Go writes {@code time.RFC3339Nano}, which is how the Pushgateway's JSON API writes
 * {@code time.Time}: {@code 2020-03-10T00:54:08.025745+05:30}, the fraction without trailing
 * zeros (and without the dot when it is zero), {@code Z} for UTC.
 */
public final class GoTime {
    private GoTime() {
    }

    /**
     * Seconds since the epoch, as Ferry stores push times, in {@code zone}. A double holds about a
     * microsecond at today's times, so the time is rounded to the microsecond.
     */
    public static String rfc3339Nano(double seconds, ZoneId zone) {
        long micros = Math.round(seconds * 1e6);
        return rfc3339Nano(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000L), zone);
    }

    public static String rfc3339Nano(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        StringBuilder s = new StringBuilder(35);
        pad(s, z.getYear(), 4).append('-');
        pad(s, z.getMonthValue(), 2).append('-');
        pad(s, z.getDayOfMonth(), 2).append('T');
        pad(s, z.getHour(), 2).append(':');
        pad(s, z.getMinute(), 2).append(':');
        pad(s, z.getSecond(), 2);
        int nanos = z.getNano();
        if (nanos != 0) {
            String digits = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(digits, 0, end);
        }
        int offset = z.getOffset().getTotalSeconds();
        if (offset == 0) {
            return s.append('Z').toString();
        }
        s.append(offset < 0 ? '-' : '+');
        int abs = Math.abs(offset) / 60;
        pad(s, abs / 60, 2).append(':');
        return pad(s, abs % 60, 2).toString();
    }

    private static StringBuilder pad(StringBuilder s, int v, int width) {
        String digits = Integer.toString(v);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }
}
