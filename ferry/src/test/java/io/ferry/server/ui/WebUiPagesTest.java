package io.ferry.server.ui;

import io.ferry.liveness.Advice;
import io.ferry.liveness.Health;
import io.ferry.liveness.ProducerRegistry;
import io.ferry.liveness.ProducerView;
import io.ferry.liveness.Route;
import io.ferry.liveness.Slot;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.remotewrite.QueueStatus;
import io.ferry.state.Group;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.TunnelClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages as rendered: what they show, their filters, the strip, and that nothing received adds markup. */
class WebUiPagesTest {
    private static final long NOW = Instant.parse("2026-12-06T12:00:00Z").toEpochMilli();
    private static final About ABOUT = new About(Instant.parse("2026-11-21T08:00:00Z"), Map.of("version", "1.0"),
            () -> Map.of("web.route-prefix", "/pg", "web.external-url", "<x>"), ZoneOffset.UTC, "/metrics");
    private static final String EVIL = "<script>alert('x')</script>";
    private static final ClusterView ALONE = new ClusterView("single", "host:9091", true, 1, List.of(), Optional.empty(), 0, 0);

    private static ProducerView producer(Route route, Labels labels, Health health, List<Slot> history, Advice... advice) {
        return new ProducerView(route, labels, health, "because " + health.label(), NOW - 12_000, "",
                OptionalDouble.of(60), Duration.ofSeconds(30), false, true, history, List.of(advice));
    }

    private static WebUi ui(List<Group> groups, List<ProducerView> producers) {
        return new WebUi(new Sources(() -> groups, List::of, () -> producers, List::of, Optional.empty(), false,
                List::of, ABOUT, () -> ALONE), "/gw");
    }

    private static Query query(Map<String, List<String>> params, boolean mayDelete) {
        return new Query(params, job -> mayDelete, NOW);
    }

    @Test
    void everyPageHasTheNavBarTheLiveMainAndNoInlineScriptOrStyle() {
        WebUi ui = ui(List.of(), List.of());
        for (Page page : Page.values()) {
            String html = ui.render(page, query(Map.of(), false));
            assertThat(html).startsWith("<!DOCTYPE html>")
                    .contains("<link rel=\"stylesheet\" href=\"/gw/static/ferry.css\">")
                    .contains("<script src=\"/gw/static/ferry.js\" defer=\"\"></script>")
                    .contains("<main id=\"live\">")
                    .contains("<body data-refresh=\"5\">")
                    .doesNotContain(" style=", "<style", "javascript:", " onclick", " onload");
            for (Page other : Page.values()) {
                assertThat(html).contains("href=\"/gw" + other.path() + "\"");
            }
            assertThat(html).contains("class=\"current\" aria-current=\"page\">" + page.title() + "</a>");
            // Every script element loads the jar's file: none has a body.
            Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
            while (scripts.find()) {
                assertThat(scripts.group(1)).contains("src=");
                assertThat(scripts.group(2)).isEmpty();
            }
            // The filter form, when the page has one, sits outside main, so a refresh keeps what is typed.
            if (html.contains("<form")) {
                assertThat(html.indexOf("<form")).isLessThan(html.indexOf("<main id=\"live\">"));
            }
        }
    }

    @Test
    void refreshIsFiveSecondsByDefaultOffWithZeroAndBounded() {
        WebUi ui = ui(List.of(), List.of());
        assertThat(ui.render(Page.STATUS, query(Map.of("refresh", List.of("0")), false))).contains("data-refresh=\"0\"");
        assertThat(ui.render(Page.STATUS, query(Map.of("refresh", List.of("99999")), false))).contains("data-refresh=\"3600\"");
        assertThat(ui.render(Page.STATUS, query(Map.of("refresh", List.of("x")), false))).contains("data-refresh=\"5\"");
    }

    @Test
    void theStatusPageKeepsBuildStartTimeAndEveryFlag() {
        String html = ui(List.of(), List.of()).render(Page.STATUS, query(Map.of(), false));
        assertThat(html).contains("<a href=\"/gw/metrics\">/metrics</a>")
                .contains("<tr><th>Start time</th><td>2026-11-21T08:00:00Z</td></tr>")
                .contains("<tr><th>version</th><td>1.0</td></tr>")
                .contains("<tr><th>--web.route-prefix</th><td>/pg</td></tr>")
                .contains("<tr><th>--web.external-url</th><td>&lt;x&gt;</td></tr>");
    }

    @Test
    void theOverviewCountsByRouteAndShowsTheWorstFirst() {
        List<ProducerView> all = List.of(
                producer(Route.PUSH, Labels.of("job", "backup", "instance", "nas"), Health.UP, List.of()),
                producer(Route.SCRAPE, Labels.of("job", "node", "instance", "a:9100"), Health.DOWN, List.of()),
                producer(Route.STATSD, Labels.of("job", "statsd", "instance", "10.0.0.7"), Health.OVERDUE, List.of()),
                producer(Route.PUSH, Labels.of("job", "etl-1", "instance", ""), Health.UP, List.of(),
                        new Advice(Advice.ROTATING_JOB_NAMES, "5 job names like etl-#: keep one job name")));
        String html = ui(List.of(), all).render(Page.OVERVIEW, query(Map.of(), false));
        assertThat(html).contains("<div class=\"card\" data-route=\"push\"><h2>push</h2><div class=\"counts\">"
                        + "<span class=\"zero\" data-health=\"down\">0 down</span>")
                .contains("<span class=\"health-up\" data-health=\"up\">2 up</span>")
                .contains("<div class=\"card health-down\" data-route=\"scrape\">")
                .contains("<div class=\"card health-overdue\" data-route=\"statsd\">")
                .contains("<li class=\"advice\" data-advice=\"rotating_job_names\" data-route=\"push\">5 job names like etl-#: "
                        + "keep one job name<div class=\"labels\"><div>job=&#34;etl-1&#34;, instance=&#34;&#34;</div></div></li>")
                .contains("Producers (4 of 4)");
        int down = html.indexOf("data-route=\"scrape\" data-health=\"down\"");
        int overdue = html.indexOf("data-route=\"statsd\" data-health=\"overdue\"");
        int up = html.indexOf("<tr class=\"producer\" data-route=\"push\" data-health=\"up\">");
        assertThat(down).isPositive().isLessThan(overdue);
        assertThat(overdue).isLessThan(up);
        assertThat(html).contains("<td>12s ago</td>", "<td>1m0s + 30s grace</td>");
    }

    @Test
    void theOverviewFiltersByRouteHealthJobAndSearch() {
        List<ProducerView> all = List.of(
                producer(Route.PUSH, Labels.of("job", "backup", "instance", "nas"), Health.UP, List.of()),
                producer(Route.SCRAPE, Labels.of("job", "node", "instance", "a:9100"), Health.DOWN, List.of()),
                producer(Route.SCRAPE, Labels.of("job", "node", "instance", "b:9100"), Health.UP, List.of()));
        WebUi ui = ui(List.of(), all);
        String scrapeDown = ui.render(Page.OVERVIEW, query(Map.of("route", List.of("scrape"), "health", List.of("down")), false));
        assertThat(rows(scrapeDown)).containsExactly("job=&#34;node&#34;, instance=&#34;a:9100&#34;");
        assertThat(scrapeDown).contains("Producers (1 of 3)")
                .contains("<input type=\"checkbox\" name=\"route\" value=\"scrape\" checked=\"\">");
        assertThat(rows(ui.render(Page.OVERVIEW, query(Map.of("q", List.of("na")), false))))
                .containsExactly("job=&#34;backup&#34;, instance=&#34;nas&#34;");
        assertThat(rows(ui.render(Page.OVERVIEW, query(Map.of("job", List.of("node"), "health", List.of("up")), false))))
                .containsExactly("job=&#34;node&#34;, instance=&#34;b:9100&#34;");
        // A filter the page cannot use is named, and everything is shown.
        String bad = ui.render(Page.OVERVIEW, query(Map.of("health", List.of("<bogus>")), false));
        assertThat(bad).contains("<p class=\"error\">invalid parameter &#34;health&#34;: &#34;&lt;bogus&gt;&#34;");
        assertThat(rows(bad)).hasSize(3);
        assertThat(ui.render(Page.OVERVIEW, query(Map.of("q", List.of("nothing")), false)))
                .contains("No producer matches the filters.");
    }

    /** The labels of each producer row, in order. */
    private static List<String> rows(String html) {
        Matcher m = Pattern.compile("<tr class=\"producer\"[^>]*><td>[a-z]+</td><td><span class=\"labels\">([^<]*)</span>")
                .matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theHistoryStripHasASlotPerIntervalNewestRightAndCountsInItsTitle() {
        List<Slot> history = List.of(Slot.ON_TIME, Slot.ON_TIME, Slot.LATE, Slot.MISSING, Slot.FAILED);
        Html h = new Html();
        Svg.strip(h, history);
        String svg = h.toString();
        assertThat(svg).startsWith("<svg class=\"strip\"")
                .contains("<title>last 5: 2 on time, 1 late, 1 missing, 1 failed</title>");
        assertThat(count(svg, "<rect ")).isEqualTo(ProducerRegistry.HISTORY);
        assertThat(count(svg, "class=\"slot-empty\"")).isEqualTo(ProducerRegistry.HISTORY - 5);
        // The newest slot is the last rect, at the right edge.
        assertThat(svg).endsWith("<rect class=\"slot-failed\" x=\"203\" y=\"0\" width=\"6\" height=\"14\" fill=\"#a40e26\"></rect></svg>");
        assertThat(svg.indexOf("slot-late")).isLessThan(svg.indexOf("slot-missing"));

        Html empty = new Html();
        Svg.strip(empty, List.of());
        assertThat(empty.toString()).contains("<title>no history yet</title>");
        // More than HISTORY slots: the newest are kept.
        Html full = new Html();
        List<Slot> many = new ArrayList<>(Collections.nCopies(40, Slot.MISSING));
        many.set(39, Slot.ON_TIME);
        Svg.strip(full, many);
        assertThat(count(full.toString(), "<rect ")).isEqualTo(ProducerRegistry.HISTORY);
        assertThat(full.toString()).contains("<title>last 40: 1 on time, 39 missing</title>");
    }

    @Test
    void theLinePlotScalesToItsMaximumAndBreaksAtGaps() {
        Html h = new Html();
        Svg.line(h, new double[]{0.5, 1, Double.NaN, 0.25}, "scrape duration", "s");
        assertThat(h.toString()).contains("<title>scrape duration: last 0.25s, max 1s over the last 4</title>")
                .contains("d=\"M2.0 12.0 L40.7 2.0 M118.0 17.0\"");
        Html one = new Html();
        Svg.line(one, new double[]{3}, "queue depth", "");
        assertThat(one.toString()).contains("<title>queue depth: no history yet</title>").doesNotContain("<path");
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void groupsShowFamiliesLivenessAndDeleteOnlyToThoseWhoMay() {
        Labels key = Labels.of("job", "backup", "instance", "nas");
        List<Metric> many = new ArrayList<>();
        for (int i = 0; i < GroupsPage.MAX_SERIES_SHOWN + 5; i++) {
            many.add(ValueMetric.of(key.with("i", Integer.toString(i)), i));
        }
        Group g = new Group(key, List.of(new MetricFamily("backup_files", MetricType.GAUGE, "Files backed up.", null, many)),
                1_700_000_000.5, 0);
        ProducerView p = producer(Route.PUSH, key, Health.DOWN, List.of(Slot.ON_TIME, Slot.MISSING));
        WebUi ui = ui(List.of(g), List.of(p));
        String admin = ui.render(Page.GROUPS, query(Map.of(), true));
        assertThat(admin).contains("<details class=\"group\" data-group=\"job=&#34;backup&#34;, "
                        + "instance=&#34;nas&#34;\" data-route=\"push\" data-health=\"down\">")
                .contains("<span class=\"badge health-down\">down</span>")
                .contains("<title>last 2: 1 on time, 1 missing</title>")
                .contains("<tr><th>Last push</th><td>2023-11-14T22:13:20.5Z</td></tr>")
                .contains("<tr><th>Last failure</th><td>never</td></tr>")
                .contains("<tr><th>Liveness</th><td>because down</td></tr>")
                .contains("<tr><th>Series</th><td>205</td></tr>")
                .contains("<button type=\"button\" class=\"delete\" data-delete=\"/gw/metrics/job/backup/instance/nas\"")
                .contains("<span class=\"type\">gauge</span>", "<p class=\"help\">Files backed up.</p>")
                .contains("<p class=\"more\">5 more</p>");
        assertThat(count(admin, "<td class=\"labels\">")).isEqualTo(GroupsPage.MAX_SERIES_SHOWN);
        assertThat(ui.render(Page.GROUPS, query(Map.of(), false))).doesNotContain("data-delete", "<button type=\"button\" class=\"delete\"");
        // An expected group never pushed is listed too, without a Delete button (there is nothing to delete).
        ProducerView expected = new ProducerView(Route.PUSH, Labels.of("job", "backup", "instance", "nas-02"), Health.DOWN,
                "expected, no push yet", 0, "", OptionalDouble.of(60), Duration.ofSeconds(30), true, true, List.of(), List.of());
        String withExpected = ui(List.of(g), List.of(p, expected)).render(Page.GROUPS, query(Map.of(), true));
        assertThat(withExpected).contains("<h2>Expected, not pushed (1)</h2>")
                .contains("data-group=\"job=&#34;backup&#34;, instance=&#34;nas-02&#34;\" data-route=\"push\" data-health=\"down\"")
                .contains("<tr><th>Liveness</th><td>expected, no push yet</td></tr>");
        assertThat(count(withExpected, "data-delete=")).isEqualTo(1);
    }

    @Test
    void theGroupsPageShowsAtMostItsBoundOfGroupsAndSaysHowManyMore() {
        List<Group> groups = new ArrayList<>();
        List<ProducerView> producers = new ArrayList<>();
        for (int i = 0; i < GroupsPage.MAX_GROUPS_SHOWN + 3; i++) {
            Labels key = Labels.of("job", String.format("job-%05d", i), "instance", "x");
            groups.add(new Group(key, List.of(), 1_700_000_000, 0));
            // Expected and stored: beyond the bound it must not be listed as never pushed.
            producers.add(new ProducerView(Route.PUSH, key, Health.UP, "ok", 1, "", OptionalDouble.empty(),
                    Duration.ZERO, true, false, List.of(), List.of()));
        }
        String page = ui(groups, producers).render(Page.GROUPS, query(Map.of(), true));
        assertThat(count(page, "<details class=\"group\"")).isEqualTo(GroupsPage.MAX_GROUPS_SHOWN);
        assertThat(page).contains((GroupsPage.MAX_GROUPS_SHOWN + 3) + " push groups.")
                .contains("<p class=\"more\">3 more push groups, not shown here: /api/v1/metrics lists them all.</p>")
                .doesNotContain("Expected, not pushed");
    }

    @Test
    void aGroupWithoutInstanceMatchesItsProducerAndEveryStringIsEscaped() {
        Labels key = Labels.of("job", EVIL, "a", "b&\"c");
        Group g = new Group(key, List.of(new MetricFamily("m", MetricType.UNTYPED, EVIL, null,
                List.of(ValueMetric.of(Labels.of("l", EVIL), 1)))), 1, 0);
        ProducerView p = producer(Route.PUSH, key.with("instance", ""), Health.OVERDUE, List.of(),
                new Advice(Advice.PUSH_LIKE_A_SERVICE, EVIL));
        String html = ui(List.of(g), List.of(p)).render(Page.GROUPS, query(Map.of("q", List.of(EVIL)), true));
        assertThat(html).doesNotContain("<script>", "b&\"c")
                .contains("data-group=\"job=&#34;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34;, a=&#34;b&amp;&#34;c&#34;\"")
                .contains("data-health=\"overdue\"")
                // The delete path needs no escaping: base64url for any value beyond the unreserved characters.
                .contains("data-delete=\"/gw/metrics/job@base64/");
        String overview = ui(List.of(g), List.of(p)).render(Page.OVERVIEW, query(Map.of("q", List.of(EVIL)), true));
        assertThat(overview).doesNotContain("<script>").contains("value=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\"");
    }

    @Test
    void theLinksPrefixIsEscapedToo() {
        String html = new WebUi(new Sources(List::of, List::of, List::of, List::of, Optional.empty(), false, List::of,
                ABOUT, () -> ALONE), "/\"><script>").render(Page.STATUS,
                query(Map.of(), false));
        assertThat(html).doesNotContain("<script>").contains("href=\"/&#34;&gt;&lt;script&gt;/metrics\"");
    }

    @Test
    void routesThatAreOffSayItInOneLine() {
        WebUi ui = ui(List.of(), List.of());
        assertThat(ui.render(Page.TUNNEL, query(Map.of(), false)))
                .contains("<p class=\"off\">The tunnel is off: set <code>tunnel.enabled: true</code>");
        assertThat(ui.render(Page.STATSD, query(Map.of(), false))).contains("<p class=\"off\">StatsD is off");
        assertThat(ui.render(Page.REMOTE_WRITE, query(Map.of(), false))).contains("<p class=\"off\">Remote write is off");
    }

    @Test
    void tunnelStatsdAndOtlpPagesShowTheirProducersAndCounters() {
        Labels client = Labels.of("instance", "db1.example.com", "job", "tunnel");
        List<ProducerView> producers = List.of(
                producer(Route.TUNNEL, client, Health.DOWN, List.of(Slot.ON_TIME, Slot.MISSING)),
                producer(Route.STATSD, Labels.of("job", "statsd", "instance", "10.0.0.7"), Health.UP, List.of(Slot.ON_TIME)),
                producer(Route.OTLP, Labels.of("job", "shop/cart", "instance", "pod-1"), Health.OVERDUE, List.of()));
        List<MetricFamily> own = List.of(new MetricFamily("ferry_statsd_udp_packets_total", MetricType.COUNTER,
                "UDP packets received.", null, List.of(ValueMetric.of(Labels.EMPTY, 42))));
        TunnelClient c = new TunnelClient("db1.example.com", "token:site", Map.of("site", "<b>"),
                List.of(new DeclaredTarget(9100, "/metrics")), false, Instant.ofEpochMilli(NOW - 65_000));
        WebUi ui = new WebUi(new Sources(List::of, List::of, () -> producers, List::of,
                Optional.of(() -> List.of(c)), true, () -> own, ABOUT, () -> ALONE), "/gw");
        assertThat(ui.render(Page.TUNNEL, query(Map.of(), false)))
                .contains("<tr class=\"producer\" data-route=\"tunnel\" data-health=\"down\">"
                        + "<td class=\"mono\">db1.example.com</td>")
                .contains("<td>token:site</td><td>no</td><td>1m5s ago</td>", "site=&#34;&lt;b&gt;&#34;", ":9100/metrics")
                .contains("<title>last 2: 1 on time, 1 missing</title>");
        assertThat(ui.render(Page.STATSD, query(Map.of(), false)))
                .contains("data-route=\"statsd\" data-health=\"up\"")
                .contains("<td class=\"mono\" title=\"UDP packets received.\">ferry_statsd_udp_packets_total</td>"
                        + "<td class=\"labels\"></td><td class=\"num\">42</td>")
                .doesNotContain("data-route=\"otlp\"");
        assertThat(ui.render(Page.OTLP, query(Map.of(), false)))
                .contains("data-route=\"otlp\" data-health=\"overdue\"", "job=&#34;shop/cart&#34;")
                .doesNotContain("ferry_statsd_udp_packets_total");
    }

    @Test
    void remoteWriteShowsEachQueueWithItsErrorAndDepthPlot() {
        QueueStatus q = new QueueStatus("central", URI.create("https://prom.example.com/api/v1/write"), 1200, 3 << 20,
                99, "server returned HTTP status 500", Instant.ofEpochMilli(NOW - 3000),
                List.of(new QueueStatus.QueueDepth(Instant.ofEpochMilli(NOW - 20_000), 100),
                        new QueueStatus.QueueDepth(Instant.ofEpochMilli(NOW - 10_000), 1200)));
        WebUi ui = new WebUi(new Sources(List::of, List::of, List::of, () -> List.of(q), Optional.empty(), false,
                List::of, ABOUT, () -> ALONE), "/gw");
        assertThat(ui.render(Page.REMOTE_WRITE, query(Map.of(), false)))
                .contains("<tr class=\"queue\" data-queue=\"central\" data-health=\"down\"><td class=\"mono\">central</td>"
                        + "<td class=\"mono\">https://prom.example.com/api/v1/write</td><td class=\"num\">1200</td>"
                        + "<td class=\"num\">3.0MiB</td><td class=\"num\">99</td>")
                .contains("<span class=\"error\">server returned HTTP status 500</span> (3s ago)")
                .contains("<title>pending samples: last 1200, max 1200 over the last 2</title>");
    }

    @Test
    void theClusterPageShowsMembersShardsAndEachPartitionsLagOrOneLineAlone() {
        assertThat(ui(List.of(), List.of()).render(Page.CLUSTER, query(Map.of(), false)))
                .contains("<p class=\"off\">This Ferry runs alone: no <code>cluster:</code> section")
                .doesNotContain("<table");

        ClusterView.Kafka kafka = new ClusterView.Kafka(List.of(
                new ClusterView.Member("m0", "/10.0.0.1", List.of(0, 1, 2, 3, 8)),
                new ClusterView.Member(EVIL, "/10.0.0.2", List.of(4, 5, 6, 7))), "", false, List.of(
                new ClusterView.Partition(0, true, 120, java.util.OptionalLong.of(125)),
                new ClusterView.Partition(1, false, 40, java.util.OptionalLong.of(40))), "");
        ClusterView member = new ClusterView("kafka", "m0", false, 9, List.of(0, 1, 2, 3, 8), Optional.of(kafka), 12, 340);
        WebUi ui = new WebUi(new Sources(List::of, List::of, List::of, List::of, Optional.empty(), false, List::of,
                ABOUT, () -> member), "/gw");
        assertThat(ui.render(Page.CLUSTER, query(Map.of(), false)))
                .contains("<a href=\"/gw/api/v1/cluster\">api/v1/cluster</a>")
                .contains("<tr><th>Member</th><td>m0</td></tr>", "<tr><th>Mode</th><td>kafka</td></tr>")
                .contains("<th>Ready</th><td><span class=\"badge health-down\">not ready</span></td>")
                .contains("<tr><th>Shards owned</th><td>5 of 9: 0-3, 8</td></tr>")
                .contains("<tr><th>State</th><td>12 groups, 340 series</td></tr>")
                .contains("<tr><th>Caught up</th><td>no: replaying the state topic</td></tr>")
                .contains("<tr class=\"member self\" data-member=\"m0\"><td class=\"mono\">m0 (this member)</td>"
                        + "<td class=\"mono\">/10.0.0.1</td><td class=\"num\">5</td><td class=\"mono\">0-3, 8</td></tr>")
                .contains("<td class=\"mono\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>")
                .doesNotContain("<script>alert")
                .contains("<tr class=\"partition\" data-partition=\"0\"><td class=\"num\">0</td><td>yes</td>"
                        + "<td class=\"num\">120</td><td class=\"num\">125</td><td class=\"num\">5</td></tr>")
                .contains("<tr class=\"partition\" data-partition=\"1\"><td class=\"num\">1</td><td>no</td>"
                        + "<td class=\"num\">40</td><td class=\"num\">40</td><td class=\"num\">0</td></tr>");

        // Kafka unreachable: what could not be read is said, the rest is shown.
        ClusterView cut = new ClusterView("kafka", "m0", true, 9, List.of(), Optional.of(new ClusterView.Kafka(List.of(),
                "timed out", true, List.of(new ClusterView.Partition(0, false, 7, java.util.OptionalLong.empty())),
                "timed out")), 0, 0);
        assertThat(new WebUi(new Sources(List::of, List::of, List::of, List::of, Optional.empty(), false, List::of,
                ABOUT, () -> cut), "/gw").render(Page.CLUSTER, query(Map.of(), false)))
                .contains("<p class=\"error\">cannot read the members: timed out</p>")
                .contains("<p class=\"error\">cannot read the end offsets, so no lag: timed out</p>")
                .contains("<tr><th>Shards owned</th><td>0 of 9</td></tr>")
                .contains("<td class=\"num\">7</td><td class=\"num\"></td><td class=\"num\"></td></tr>");
    }

    @Test
    void textHelpersWriteAgoDurationsAndBytes() {
        assertThat(Text.ago(0, NOW)).isEqualTo("never");
        assertThat(Text.ago(NOW - 250, NOW)).isEqualTo("250ms ago");
        assertThat(Text.ago(NOW - 125_000, NOW)).isEqualTo("2m5s ago");
        assertThat(Text.duration(7200)).isEqualTo("2h0m");
        assertThat(Text.duration(3 * 86400 + 7200)).isEqualTo("3d2h");
        assertThat(Text.bytes(512)).isEqualTo("512B");
        assertThat(Text.bytes(1536)).isEqualTo("1.5KiB");
        assertThat(Html.escape("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&#34;&#39;");
    }
}
