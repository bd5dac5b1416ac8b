package io.ferry.server;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.push.GoTime;
import io.ferry.push.PushedFamilies;
import io.ferry.state.Group;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status page at {@code <prefix>/}: every push group with its grouping labels, last push,
 * last failure (marked when the last push failed) and series count, then the build, start time and
 * flags. Plain server-rendered HTML, every string escaped. Stateless.
 */
final class StatusPage {
    private static final String STYLE = "body{font-family:sans-serif;margin:1.5em;color:#222}"
            + "table{border-collapse:collapse;margin-bottom:1.5em}"
            + "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
            + "th{background:#f4f4f4}.failed{color:#b00;font-weight:bold}";

    private StatusPage() {
    }

    /**
     * @param links    the path prefix links carry (the external URL's path)
     * @param scrape   the telemetry path, relative to the prefix
     */
    static String render(Collection<Group> groups, StatusInfo info, String links, String scrape) {
        Group[] sorted = groups.toArray(new Group[0]);
        Arrays.sort(sorted, (a, b) -> a.key().compareTo(b.key()));
        ZoneId zone = info.zone();
        StringBuilder h = new StringBuilder(4096 + sorted.length * 256);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"robots\" content=\"noindex,nofollow\">\n<title>Ferry</title>\n<style>")
                .append(STYLE).append("</style>\n</head>\n<body>\n<h1>Ferry</h1>\n<p>")
                .append(sorted.length).append(sorted.length == 1 ? " push group" : " push groups")
                .append(". Scrape: <a href=\"").append(escape(links + scrape)).append("\">").append(escape(scrape))
                .append("</a>. JSON: <a href=\"").append(escape(links)).append("/api/v1/metrics\">api/v1/metrics</a>, ")
                .append("<a href=\"").append(escape(links)).append("/api/v1/status\">api/v1/status</a>.</p>\n");

        h.append("<h2>Push groups</h2>\n<table>\n<tr><th>Grouping labels</th><th>Last push</th>")
                .append("<th>Last failure</th><th>Series</th></tr>\n");
        for (Group g : sorted) {
            h.append("<tr><td>").append(escape(groupingLabels(g.key()))).append("</td><td>")
                    .append(time(g.pushTimeSeconds(), zone)).append("</td><td>")
                    .append(time(g.pushFailureTimeSeconds(), zone));
            if (!g.lastPushSucceeded()) {
                h.append(" <span class=\"failed\">last push failed</span>");
            }
            h.append("</td><td>").append(seriesCount(g)).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Status</h2>\n<table>\n");
        row(h, "Start time", GoTime.rfc3339Nano(info.startTime(), zone));
        new TreeMap<>(info.buildInformation()).forEach((k, v) -> row(h, k, v));
        h.append("</table>\n<h2>Flags</h2>\n<table>\n");
        for (Map.Entry<String, String> f : new TreeMap<>(info.flags().get()).entrySet()) {
            row(h, "--" + f.getKey(), f.getValue());
        }
        return h.append("</table>\n</body>\n</html>\n").toString();
    }

    /** {@code job="x", name="value", ...}: the job first, as the Pushgateway's page lists them. */
    static String groupingLabels(Labels key) {
        StringBuilder s = new StringBuilder();
        String job = key.get("job");
        if (job != null) {
            s.append("job=\"").append(job).append('"');
        }
        for (int i = 0; i < key.size(); i++) {
            if (!key.name(i).equals("job")) {
                s.append(s.isEmpty() ? "" : ", ").append(key.name(i)).append("=\"").append(key.value(i)).append('"');
            }
        }
        return s.toString();
    }

    /** The series pushed to the group, without the two push time gauges Ferry adds. */
    static int seriesCount(Group g) {
        int n = 0;
        for (MetricFamily f : g.families()) {
            if (!f.name().equals(PushedFamilies.PUSH_TIME) && !f.name().equals(PushedFamilies.PUSH_FAILURE_TIME)) {
                n += f.metrics().size();
            }
        }
        return n;
    }

    private static String time(double seconds, ZoneId zone) {
        return seconds > 0 ? escape(GoTime.rfc3339Nano(seconds, zone)) : "never";
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>\n");
    }

    /** Text and attribute values safe in HTML: {@code & < > " '} as character references. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            String r = switch (s.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&#34;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (r != null) {
                    out.append(r);
                } else {
                    out.append(s.charAt(i));
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
