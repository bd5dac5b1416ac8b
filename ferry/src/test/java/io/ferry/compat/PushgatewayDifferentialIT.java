package io.ferry.compat;

import io.ferry.compat.DifferentialCase.Exact;
import io.ferry.compat.DifferentialCase.HelpRule;
import io.ferry.compat.DifferentialCase.Prefix;
import io.ferry.compat.DifferentialCase.Scrape;
import io.ferry.compat.DifferentialCase.ScrapeDifference;
import io.ferry.compat.DifferentialCase.Send;
import io.ferry.compat.DifferentialCase.StatusDifference;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.ValueMetric;
import io.ferry.push.GroupingKey;
import io.ferry.server.FerryServer;
import io.ferry.testing.Pushgateway;
import io.ferry.testing.ServerProcess;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The differential suite: every {@link DifferentialCases case} runs against a fresh real
 * Pushgateway (Debian's {@code prometheus-pushgateway}, in memory) and a fresh in-process Ferry,
 * and what the case says must agree does. Skipped where the Pushgateway is not installed, failed in
 * CI.
 *
 * <p>Run it alone: {@code bin/test -pl ferry -Dit.test=PushgatewayDifferentialIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}; a failure names its case and lists every step that
 * differed, with both normalised scrapes.
 */
class PushgatewayDifferentialIT {
    private static final long APPLY_TIMEOUT_MS = 5000;

    @BeforeAll
    static void pushgatewayInstalled() {
        Pushgateway.requireAvailable();
    }

    static List<DifferentialCase> cases() {
        return DifferentialCases.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ferryAnswersAsThePushgatewayDoes(DifferentialCase c, @TempDir Path storage) throws Exception {
        List<String> problems = new ArrayList<>();
        try (ServerProcess pgw = Pushgateway.start(c.pushgatewayFlags().toArray(String[]::new));
             FerryServer ferry = Servers.ferry(storage, c.consistencyCheck())) {
            TestHttp ferryHttp = TestHttp.local(ferry.port());
            int n = 0;
            for (DifferentialCase.Step step : c.steps()) {
                n++;
                String where = "step " + n + " (" + step + ")";
                switch (step) {
                    case Send s -> compareSend(c, pgw, ferryHttp, s, where, problems);
                    case Scrape s -> compareScrape(c, pgw.http(), ferryHttp, s, where, problems);
                }
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(c.name() + ":\n" + String.join("\n", problems)
                        + "\n--- Pushgateway log:\n" + tail(pgw.log()));
            }
        }
    }

    private void compareSend(DifferentialCase c, ServerProcess pgw, TestHttp ferryHttp, Send s, String where,
                             List<String> problems) throws Exception {
        String[] headers = s.headers().toArray(String[]::new);
        boolean asyncOnPushgateway = s.method().equals("DELETE") || !c.consistencyCheck();
        Map<String, Double> before = asyncOnPushgateway ? timesOf(pgw.http(), s.path()) : null;
        HttpResponse<byte[]> p = pgw.http().sendBytes(s.method(), s.path(), s.body(), headers);
        if (p.statusCode() == 202 && before != null) {
            awaitApplied(pgw.http(), s, before);
        }
        HttpResponse<byte[]> f = ferryHttp.sendBytes(s.method(), s.path(), s.body(), headers);

        StatusDifference d = s.status();
        int wantPgw = d == null ? f.statusCode() : d.pushgateway();
        int wantFerry = d == null ? p.statusCode() : d.ferry();
        if (p.statusCode() != wantPgw || f.statusCode() != wantFerry) {
            problems.add(where + ": status Pushgateway " + p.statusCode() + " Ferry " + f.statusCode()
                    + (d == null ? ", want equal" : ", want " + d.pushgateway() + " and " + d.ferry())
                    + "\n  Pushgateway said: " + TestHttp.text(p.body()).strip()
                    + "\n  Ferry said:       " + TestHttp.text(f.body()).strip());
            return;
        }
        String pgwBody = TestHttp.text(p.body());
        String ferryBody = TestHttp.text(f.body());
        switch (s.bodyRule()) {
            case Exact e -> {
                if (!pgwBody.equals(ferryBody)) {
                    problems.add(where + ": bodies differ\n  Pushgateway: " + pgwBody.strip()
                            + "\n  Ferry:       " + ferryBody.strip());
                }
                compareContentType(p, f, where, problems);
            }
            case Prefix pre -> {
                if (!pgwBody.startsWith(pre.prefix()) || !ferryBody.startsWith(pre.prefix())) {
                    problems.add(where + ": bodies do not both start with \"" + pre.prefix() + "\"\n  Pushgateway: "
                            + pgwBody.strip() + "\n  Ferry:       " + ferryBody.strip());
                }
                compareContentType(p, f, where, problems);
            }
            case DifferentialCase.StatusOnly o -> {
            }
        }
    }

    private static void compareContentType(HttpResponse<byte[]> p, HttpResponse<byte[]> f, String where,
                                           List<String> problems) {
        String pt = p.headers().firstValue("Content-Type").orElse(null);
        String ft = f.headers().firstValue("Content-Type").orElse(null);
        if (!Objects.equals(pt, ft)) {
            problems.add(where + ": Content-Type Pushgateway " + pt + ", Ferry " + ft);
        }
    }

    private void compareScrape(DifferentialCase c, TestHttp pgwHttp, TestHttp ferryHttp, Scrape s, String where,
                               List<String> problems) throws Exception {
        String[] headers = s.headers().toArray(String[]::new);
        HttpResponse<byte[]> p = pgwHttp.sendBytes("GET", "/metrics", null, headers);
        HttpResponse<byte[]> f = ferryHttp.sendBytes("GET", "/metrics", null, headers);
        ScrapeDifference d = s.difference();
        if (d != null && d.pushgatewayStatus() != 0) {
            if (p.statusCode() != d.pushgatewayStatus() || f.statusCode() != 200) {
                problems.add(where + ": scrape status Pushgateway " + p.statusCode() + " Ferry " + f.statusCode()
                        + ", want " + d.pushgatewayStatus() + " and 200");
            }
            return;
        }
        if (p.statusCode() != 200 || f.statusCode() != 200) {
            problems.add(where + ": scrape status Pushgateway " + p.statusCode() + " Ferry " + f.statusCode()
                    + "\n  Pushgateway said: " + (p.statusCode() == 200 ? "(its metrics)" : TestHttp.text(p.body()).strip())
                    + "\n  Ferry said:       " + (f.statusCode() == 200 ? "(its metrics)" : TestHttp.text(f.body()).strip()));
            return;
        }
        String pType = p.headers().firstValue("Content-Type").orElse("");
        String fType = f.headers().firstValue("Content-Type").orElse("");
        if (d != null && d.contentTypes()) {
            if (pType.equals(fType)) {
                problems.add(where + ": both served " + pType + ", but the case says the formats differ");
            }
            return;
        }
        if (!pType.equals(fType)) {
            problems.add(where + ": Content-Type Pushgateway " + pType + ", Ferry " + fType);
            return;
        }
        String pEnc = p.headers().firstValue("Content-Encoding").orElse("");
        String fEnc = f.headers().firstValue("Content-Encoding").orElse("");
        if (!pEnc.equals(fEnc)) {
            problems.add(where + ": Content-Encoding Pushgateway '" + pEnc + "', Ferry '" + fEnc + "'");
            return;
        }
        List<String> pLines = Normalised.lines(decode(p.body(), pType, pEnc));
        List<String> fLines = Normalised.lines(decode(f.body(), fType, fEnc));
        for (Map.Entry<String, HelpRule> rule : c.help().entrySet()) {
            String pHelp = Normalised.help(pLines, rule.getKey());
            String fHelp = Normalised.help(fLines, rule.getKey());
            if (!rule.getValue().pushgateway().contains(pHelp)) {
                problems.add(where + ": Pushgateway's HELP of " + rule.getKey() + " is " + pHelp + ", not one of "
                        + rule.getValue().pushgateway());
            }
            if (!Objects.equals(fHelp, rule.getValue().ferry())) {
                problems.add(where + ": Ferry's HELP of " + rule.getKey() + " is " + fHelp + ", want "
                        + rule.getValue().ferry());
            }
        }
        pLines = Normalised.withoutHelp(pLines, c.help().keySet());
        fLines = Normalised.withoutHelp(fLines, c.help().keySet());
        List<String> onlyPgw = Normalised.minus(pLines, fLines);
        List<String> onlyFerry = Normalised.minus(fLines, pLines);
        if (d != null) {
            if (!onlyPgw.equals(d.onlyPushgateway()) || !onlyFerry.equals(d.onlyFerry())) {
                problems.add(where + ": the scrapes differ otherwise than the case says (" + d.why() + ")"
                        + "\n  only Pushgateway: " + onlyPgw + " want " + d.onlyPushgateway()
                        + "\n  only Ferry:       " + onlyFerry + " want " + d.onlyFerry());
            }
            return;
        }
        if (!pLines.equals(fLines)) {
            problems.add(where + ": normalised /metrics differ"
                    + (onlyPgw.isEmpty() && onlyFerry.isEmpty() ? " in order" : "")
                    + "\n  only Pushgateway: " + onlyPgw + "\n  only Ferry:       " + onlyFerry
                    + "\n--- Pushgateway:\n" + String.join("\n", pLines)
                    + "\n--- Ferry:\n" + String.join("\n", fLines));
        }
    }

    private static String decode(byte[] body, String contentType, String contentEncoding) throws Exception {
        byte[] plain = contentEncoding.equalsIgnoreCase("gzip") ? TestHttp.gunzip(body) : body;
        if (contentType.startsWith("application/vnd.google.protobuf")) {
            return Normalised.protobufAsText(plain);
        }
        return new String(plain, StandardCharsets.UTF_8);
    }

    /**
     * The Pushgateway answers a delete, and an unchecked push, before its writer has applied it:
     * waits (bounded) until the group's timestamps show the change, so the next step sees it.
     */
    private static void awaitApplied(TestHttp pgwHttp, Send s, Map<String, Double> before) throws Exception {
        long deadline = System.currentTimeMillis() + APPLY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Double> now = timesOf(pgwHttp, s.path());
            boolean applied = s.method().equals("DELETE") ? now.isEmpty() : !now.equals(before);
            if (applied) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the Pushgateway did not apply " + s + " within " + APPLY_TIMEOUT_MS + " ms");
    }

    /** The group's push_time_seconds and push_failure_time_seconds values on the Pushgateway, by family. */
    private static Map<String, Double> timesOf(TestHttp pgwHttp, String path) throws Exception {
        Labels series;
        try {
            String decoded = URI.create("http://x" + path).getPath();
            Labels key = GroupingKey.parse(decoded.substring("/metrics".length())).labels();
            series = key.get("instance") == null ? key.with("instance", "") : key;
        } catch (Exception e) {
            return Map.of(); // not a push path: the Pushgateway refuses it at once
        }
        Map<String, Double> times = new HashMap<>();
        HttpResponse<byte[]> r = pgwHttp.sendBytes("GET", "/metrics", null);
        if (r.statusCode() != 200) {
            return Map.of("scrape failed", (double) r.statusCode());
        }
        for (MetricFamily family : ExpositionFormat.PROMETHEUS_TEXT.parser(ParseLimits.DEFAULT).parse(r.body())) {
            if (!family.name().equals("push_time_seconds") && !family.name().equals("push_failure_time_seconds")) {
                continue;
            }
            family.metrics().stream().filter(m -> m.labels().equals(series))
                    .forEach(m -> times.put(family.name(), ((ValueMetric) m).value()));
        }
        return times;
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }
}
