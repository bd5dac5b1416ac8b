package io.ferry.server;

import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The status page: what it lists, and that nothing pushed can inject markup. */
class StatusPageTest {
    private static final StatusInfo INFO = new StatusInfo(Instant.parse("2026-11-21T08:00:00Z"),
            Map.of("version", "1.0"), () -> Map.of("web.route-prefix", "/pg", "web.external-url", "<x>"),
            ZoneOffset.UTC);

    @Test
    void listsEveryGroupWithTimesFailuresAndSeries() {
        Labels ok = Labels.of("job", "backup", "instance", "nas");
        Group good = new Group(ok, List.of(new MetricFamily("m", MetricType.GAUGE, "", null,
                List.of(ValueMetric.of(ok.with("v", "1"), 1), ValueMetric.of(ok.with("v", "2"), 2)))), 1_700_000_000.5, 0);
        Group failed = new Group(Labels.of("job", "etl"), List.of(), 0, 1_700_000_100);
        String html = StatusPage.render(List.of(good, failed), INFO, "/gw", "/metrics");
        assertThat(html)
                .contains("<p>2 push groups. Scrape: <a href=\"/gw/metrics\">/metrics</a>. JSON: "
                        + "<a href=\"/gw/api/v1/metrics\">api/v1/metrics</a>, <a href=\"/gw/api/v1/status\">api/v1/status</a>.</p>")
                .contains("<tr><td>job=&#34;etl&#34;</td><td>never</td><td>2023-11-14T22:15:00Z "
                        + "<span class=\"failed\">last push failed</span></td><td>0</td></tr>")
                .contains("<tr><td>job=&#34;backup&#34;, instance=&#34;nas&#34;</td><td>2023-11-14T22:13:20.5Z</td>"
                        + "<td>never</td><td>2</td></tr>")
                .contains("<tr><th>Start time</th><td>2026-11-21T08:00:00Z</td></tr>")
                .contains("<tr><th>version</th><td>1.0</td></tr>")
                .contains("<tr><th>--web.external-url</th><td>&lt;x&gt;</td></tr>");
        // Groups in key order: {job="etl"} has fewer labels.
        assertThat(html.indexOf("etl")).isLessThan(html.indexOf("backup"));
    }

    @Test
    void everyStringIsEscaped() {
        Labels key = Labels.of("job", "<script>alert('x')</script>", "instance", "a&b\"c");
        String html = StatusPage.render(List.of(new Group(key, List.of(), 1, 0)), INFO, "/\"><script>", "/metrics");
        assertThat(html).doesNotContain("<script>", "a&b")
                .contains("job=&#34;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#34;, instance=&#34;a&amp;b&#34;c&#34;")
                .contains("href=\"/&#34;&gt;&lt;script&gt;/metrics\"");
    }
}
