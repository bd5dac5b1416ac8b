package io.ferry.server.ui;

import io.ferry.model.Labels;
import io.ferry.push.GoTime;

import java.time.ZoneId;
import java.util.Locale;

/** How the pages write labels, times and durations, the same way on every page. Stateless. */
final class Text {
    private Text() {
    }

    /** {@code job="x", name="value", ...}: the job first, as the Pushgateway's page lists grouping labels. */
    static String labels(Labels l) {
        StringBuilder s = new StringBuilder();
        String job = l.get("job");
        if (job != null) {
            s.append("job=\"").append(job).append('"');
        }
        for (int i = 0; i < l.size(); i++) {
            if (!l.name(i).equals("job")) {
                s.append(s.isEmpty() ? "" : ", ").append(l.name(i)).append("=\"").append(l.value(i)).append('"');
            }
        }
        return s.toString();
    }

    /** An epoch-seconds time as RFC 3339 in {@code zone}, or {@code never} for 0 and below. */
    static String time(double seconds, ZoneId zone) {
        return seconds > 0 ? GoTime.rfc3339Nano(seconds, zone) : "never";
    }

    /** How long before {@code nowMillis} {@code thenMillis} was: {@code 12s ago}, {@code 3m4s ago}; {@code never} for 0. */
    static String ago(long thenMillis, long nowMillis) {
        if (thenMillis <= 0) {
            return "never";
        }
        return duration(Math.max(0, nowMillis - thenMillis) / 1000.0) + " ago";
    }

    /** Seconds as Prometheus' short form: {@code 250ms}, {@code 15s}, {@code 2m5s}, {@code 1h0m}, {@code 3d2h}. */
    static String duration(double seconds) {
        if (seconds < 1) {
            return Math.round(seconds * 1000) + "ms";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        }
        if (s < 86400) {
            return s / 3600 + "h" + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d" + s % 86400 / 3600 + "h";
    }

    /** Seconds with three decimals, as Prometheus' targets page shows a scrape's duration. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3fs", s);
    }

    /** A byte count in binary units: {@code 512B}, {@code 1.5KiB}, {@code 20.0MiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
