package io.ferry.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * One case of the differential suite: requests sent in the same order to a fresh Pushgateway and a
 * fresh Ferry, and what must agree between the two. Written with the builder, one entry of
 * {@link DifferentialCases}:
 *
 * <pre>{@code
 * named("POST replaces only the families it names")
 *         .put("/metrics/job/j", "a 1\nb 2\n")
 *         .post("/metrics/job/j", "b 3\n")
 *         .build()
 * }</pre>
 *
 * <p>By default, for every request the status, the {@code Content-Type} and the body must be
 * equal, and after the last request (and at every {@link Builder#scrape}) the normalised
 * {@code GET /metrics} of both must be equal (see {@link Normalised}). Where Ferry differs on
 * purpose, or where a text is Ferry's own wording, the case says so with one of the modifiers that
 * take a {@code why}; each is a documented difference, never a way to silence a failure.
 *
 * @param pushgatewayFlags extra flags for the Pushgateway
 * @param consistencyCheck Ferry's {@code push.consistency_check}, off to match
 *                         {@code --push.disable-consistency-check}
 * @param help             families whose HELP the Pushgateway picks at random: compared modulo HELP
 */
record DifferentialCase(String name, List<Step> steps, List<String> pushgatewayFlags, boolean consistencyCheck,
                        Map<String, HelpRule> help) {

    static final String PROTOBUF_TYPE =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";
    static final String INCONSISTENT = "pushed metrics are invalid or inconsistent with existing metrics: ";

    @Override
    public String toString() {
        return name;
    }

    /** A request to both servers, or a scrape of both. */
    sealed interface Step permits Send, Scrape {
    }

    /**
     * A push, delete or any other request, compared by status (unless {@code status} says how they
     * differ), Content-Type and body (as {@code body} says).
     */
    record Send(String method, String path, List<String> headers, byte[] body, BodyRule bodyRule,
                StatusDifference status) implements Step {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " <<" + printable(body) + ">>");
        }
    }

    /** How response bodies are compared. */
    sealed interface BodyRule permits Exact, Prefix, StatusOnly {
    }

    /** Byte for byte, and the same Content-Type. */
    record Exact() implements BodyRule {
    }

    /** Both start with {@code prefix} and have the same Content-Type; the rest is worded differently. */
    record Prefix(String prefix, String why) implements BodyRule {
    }

    /** Only the status is compared; the body is worded differently. */
    record StatusOnly(String why) implements BodyRule {
    }

    /** The Pushgateway answers {@code pushgateway}, Ferry {@code ferry}, on purpose. */
    record StatusDifference(int pushgateway, int ferry, String why) {
    }

    /**
     * {@code GET /metrics} with {@code headers} on both: the statuses, Content-Types and
     * Content-Encodings must be equal, and the normalised bodies too, unless {@code difference}
     * lists the lines that only one side has.
     */
    record Scrape(List<String> headers, ScrapeDifference difference) implements Step {
        @Override
        public String toString() {
            return "GET /metrics " + headers;
        }
    }

    /**
     * The scrapes differ on purpose: {@code onlyPushgateway} and {@code onlyFerry} are exactly the
     * normalised lines one side has and the other lacks; {@code pushgatewayStatus}, when not 0, is
     * the Pushgateway's status where Ferry answers 200; {@code contentTypes}, when true, lets the
     * Content-Types differ.
     */
    record ScrapeDifference(String why, List<String> onlyPushgateway, List<String> onlyFerry, int pushgatewayStatus,
                            boolean contentTypes) {
    }

    /**
     * A family whose HELP the Pushgateway takes from whichever group its map iteration meets first:
     * Ferry must serve {@code ferry} (null: no HELP line), the Pushgateway any of {@code pushgateway}.
     */
    record HelpRule(String ferry, List<String> pushgateway) {
    }

    static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds a case; modifiers such as {@link #gzip} and {@link #statusOnly} apply to the last step. */
    static final class Builder {
        private final String name;
        private final List<Step> steps = new ArrayList<>();
        private final List<String> flags = new ArrayList<>();
        private final Map<String, HelpRule> help = new LinkedHashMap<>();
        private boolean consistencyCheck = true;

        private Builder(String name) {
            this.name = name;
        }

        Builder put(String path, String body) {
            return send("PUT", path, body.getBytes(StandardCharsets.UTF_8));
        }

        Builder post(String path, String body) {
            return send("POST", path, body.getBytes(StandardCharsets.UTF_8));
        }

        Builder delete(String path) {
            return send("DELETE", path, null);
        }

        Builder send(String method, String path, byte[] body) {
            steps.add(new Send(method, path, List.of(), body, new Exact(), null));
            return this;
        }

        /** Adds a request header to the last request. */
        Builder header(String name, String value) {
            Send s = lastSend();
            List<String> headers = new ArrayList<>(s.headers());
            headers.add(name);
            headers.add(value);
            replaceLast(new Send(s.method(), s.path(), List.copyOf(headers), s.body(), s.bodyRule(), s.status()));
            return this;
        }

        /** Gzips the last request's body and says so in {@code Content-Encoding}. */
        Builder gzip() {
            return gzip("gzip");
        }

        /** Gzips the last request's body and sends {@code Content-Encoding: <encodingName>}. */
        Builder gzip(String encodingName) {
            Send s = lastSend();
            replaceLast(new Send(s.method(), s.path(), s.headers(), DifferentialCase.gzip(s.body()), s.bodyRule(),
                    s.status()));
            return header("Content-Encoding", encodingName);
        }

        /** The last request's answers both start with {@code prefix}; the rest is worded differently. */
        Builder bodyPrefix(String prefix, String why) {
            Send s = lastSend();
            replaceLast(new Send(s.method(), s.path(), s.headers(), s.body(), new Prefix(prefix, why), s.status()));
            return this;
        }

        /** Only the last request's statuses are compared. */
        Builder statusOnly(String why) {
            Send s = lastSend();
            replaceLast(new Send(s.method(), s.path(), s.headers(), s.body(), new StatusOnly(why), s.status()));
            return this;
        }

        /** The last request is answered differently, on purpose; its bodies are not compared. */
        Builder statusDiffers(int pushgateway, int ferry, String why) {
            Send s = lastSend();
            replaceLast(new Send(s.method(), s.path(), s.headers(), s.body(), new StatusOnly(why),
                    new StatusDifference(pushgateway, ferry, why)));
            return this;
        }

        /** Scrapes both with these request headers (name, value, name, value...). */
        Builder scrape(String... headers) {
            steps.add(new Scrape(List.of(headers), null));
            return this;
        }

        /** The last scrape differs: exactly these normalised lines are on one side only. */
        Builder scrapeDiffers(String why, List<String> onlyPushgateway, List<String> onlyFerry) {
            return scrapeDifference(new ScrapeDifference(why, onlyPushgateway, onlyFerry, 0, false));
        }

        /** The last scrape fails on the Pushgateway with {@code status}; Ferry serves 200. */
        Builder scrapeStatusDiffers(int pushgatewayStatus, String why) {
            return scrapeDifference(new ScrapeDifference(why, null, null, pushgatewayStatus, false));
        }

        /** The last scrape is served in different formats, on purpose; the bodies are not compared. */
        Builder scrapeFormatDiffers(String why) {
            return scrapeDifference(new ScrapeDifference(why, null, null, 0, true));
        }

        private Builder scrapeDifference(ScrapeDifference d) {
            if (steps.isEmpty() || !(steps.getLast() instanceof Scrape s)) {
                steps.add(new Scrape(List.of(), d));
            } else {
                steps.set(steps.size() - 1, new Scrape(s.headers(), d));
            }
            return this;
        }

        /** See {@link HelpRule}; {@code ferry} null means no HELP line. */
        Builder help(String family, String ferry, String... pushgateway) {
            help.put(family, new HelpRule(ferry, Arrays.asList(pushgateway)));
            return this;
        }

        /** Both servers take pushes unchecked: {@code --push.disable-consistency-check}. */
        Builder uncheckedPushes() {
            flags.add("--push.disable-consistency-check");
            consistencyCheck = false;
            return this;
        }

        /** The case, ending with a plain scrape unless its last step is a scrape. */
        DifferentialCase build() {
            List<Step> all = new ArrayList<>(steps);
            if (all.isEmpty() || !(all.getLast() instanceof Scrape)) {
                all.add(new Scrape(List.of(), null));
            }
            return new DifferentialCase(name, List.copyOf(all), List.copyOf(flags), consistencyCheck, Map.copyOf(help));
        }

        private Send lastSend() {
            if (steps.isEmpty() || !(steps.getLast() instanceof Send s)) {
                throw new IllegalStateException(name + ": the modifier needs a request before it");
            }
            return s;
        }

        private void replaceLast(Step step) {
            steps.set(steps.size() - 1, step);
        }
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String printable(byte[] body) {
        StringBuilder sb = new StringBuilder();
        for (byte b : body) {
            if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else if (b == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", b & 0xff));
            }
            if (sb.length() > 200) {
                return sb.append("...").toString();
            }
        }
        return sb.toString();
    }
}
