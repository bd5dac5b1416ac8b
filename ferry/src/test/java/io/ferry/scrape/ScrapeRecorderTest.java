package io.ferry.scrape;

import io.ferry.config.RelabelConfigReader;
import io.ferry.exposition.DuplicateSeries;
import io.ferry.exposition.ExpositionFormat;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.SampleAppender;
import io.ferry.model.StaleNaN;
import io.ferry.relabel.Relabeler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScrapeRecorderTest {
    private static final Labels TARGET = Labels.of("job", "node", "instance", "10.0.0.1:9100");
    private final RecordingStorage storage = new RecordingStorage();

    private static List<MetricFamily> parse(String text) throws Exception {
        return ExpositionFormat.PROMETHEUS_TEXT.parser(ParseLimits.DEFAULT).parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** As the scraper parses: a repeated series is kept for the recorder to drop. */
    private static List<MetricFamily> parseKeepingDuplicates(String text) throws Exception {
        return ExpositionFormat.PROMETHEUS_TEXT.parser(ParseLimits.DEFAULT, DuplicateSeries.KEEP)
                .parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private ScrapeRecorder recorder(boolean honorLabels, boolean honorTimestamps, String metricRelabel, ScrapeLimits limits)
            throws Exception {
        Relabeler r = Relabeler.of(metricRelabel == null ? List.of() : RelabelConfigReader.parse("relabel_configs:\n" + metricRelabel.indent(2), "test.yml"));
        return new ScrapeRecorder(TARGET, honorLabels, honorTimestamps, r, limits);
    }

    /** Records one scrape and commits it, returning what it stored as series text to value. */
    private Map<String, Double> scrape(ScrapeRecorder r, String body, long ts) throws Exception {
        storage.clear();
        SampleAppender app = storage.appender(1);
        r.record(parse(body), ts, app);
        app.commit();
        r.stored();
        Map<String, Double> out = new TreeMap<>();
        storage.samples().forEach(s -> out.put(s.series().toString(), s.value()));
        return out;
    }

    @Test
    void joinsTargetLabelsAndExpandsHistograms() throws Exception {
        Map<String, Double> got = scrape(recorder(false, true, null, ScrapeLimits.NONE), """
                # TYPE req_seconds histogram
                req_seconds_bucket{path="/",le="0.5"} 3
                req_seconds_bucket{path="/",le="1"} 5
                req_seconds_sum{path="/"} 2.5
                req_seconds_count{path="/"} 6
                temp 21.5
                """, 1000);
        assertThat(got).containsOnly(
                Map.entry("{__name__=\"req_seconds_bucket\",instance=\"10.0.0.1:9100\",job=\"node\",le=\"0.5\",path=\"/\"}", 3.0),
                Map.entry("{__name__=\"req_seconds_bucket\",instance=\"10.0.0.1:9100\",job=\"node\",le=\"1.0\",path=\"/\"}", 5.0),
                Map.entry("{__name__=\"req_seconds_bucket\",instance=\"10.0.0.1:9100\",job=\"node\",le=\"+Inf\",path=\"/\"}", 6.0),
                Map.entry("{__name__=\"req_seconds_sum\",instance=\"10.0.0.1:9100\",job=\"node\",path=\"/\"}", 2.5),
                Map.entry("{__name__=\"req_seconds_count\",instance=\"10.0.0.1:9100\",job=\"node\",path=\"/\"}", 6.0),
                Map.entry("{__name__=\"temp\",instance=\"10.0.0.1:9100\",job=\"node\"}", 21.5));
    }

    @Test
    void aPlusInfBucketExposedOutOfOrderIsNotAddedAgain() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        storage.clear();
        SampleAppender app = storage.appender(1);
        ScrapeRecorder.Counts c = r.record(parse("""
                # TYPE h histogram
                h_bucket{le="+Inf"} 4
                h_bucket{le="1"} 3
                h_sum 2
                h_count 4
                """), 1000, app);
        app.commit();
        assertThat(c).isEqualTo(new ScrapeRecorder.Counts(4, 4, 4));
        assertThat(storage.samples()).extracting(s -> s.series().get("__name__") + " " + s.series().get("le"))
                .containsExactly("h_bucket +Inf", "h_bucket 1.0", "h_sum null", "h_count null");
    }

    @Test
    void aHistogramThatGainsOrLosesItsSumAndCountGetsItsSeriesAnew() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        String buckets = """
                # TYPE h histogram
                h_bucket{le="1"} 3
                h_bucket{le="+Inf"} 4
                """;
        String withSumAndCount = buckets + "h_sum 2\nh_count 4\n";
        assertThat(scrape(r, buckets, 1000)).containsOnlyKeys(
                "{__name__=\"h_bucket\",instance=\"10.0.0.1:9100\",job=\"node\",le=\"1.0\"}",
                "{__name__=\"h_bucket\",instance=\"10.0.0.1:9100\",job=\"node\",le=\"+Inf\"}");
        assertThat(scrape(r, withSumAndCount, 2000)).containsEntry(
                "{__name__=\"h_count\",instance=\"10.0.0.1:9100\",job=\"node\"}", 4.0).hasSize(4);
        Map<String, Double> third = scrape(r, buckets, 3000);
        assertThat(third).containsEntry(
                "{__name__=\"h_bucket\",instance=\"10.0.0.1:9100\",job=\"node\",le=\"+Inf\"}", 4.0);
        // The sum and count that went away end with a stale marker.
        assertThat(third.get("{__name__=\"h_count\",instance=\"10.0.0.1:9100\",job=\"node\"}")).isNaN();
        assertThat(third.get("{__name__=\"h_sum\",instance=\"10.0.0.1:9100\",job=\"node\"}")).isNaN();
    }

    @Test
    void withoutHonorLabelsConflictingLabelsAreExported() throws Exception {
        Map<String, Double> got = scrape(recorder(false, true, null, ScrapeLimits.NONE),
                "m{job=\"batch\",exported_job=\"x\"} 1\n", 1000);
        assertThat(got).containsOnlyKeys(
                "{__name__=\"m\",exported_exported_job=\"batch\",exported_job=\"x\",instance=\"10.0.0.1:9100\",job=\"node\"}");
    }

    @Test
    void withHonorLabelsTheSeriesLabelsWin() throws Exception {
        Map<String, Double> got = scrape(recorder(true, true, null, ScrapeLimits.NONE),
                "m{job=\"batch\",instance=\"\"} 1\n", 1000);
        // An empty exposed label counts as absent, so the target's instance fills it.
        assertThat(got).containsOnlyKeys("{__name__=\"m\",instance=\"10.0.0.1:9100\",job=\"batch\"}");
    }

    @Test
    void leAndQuantileAreCanonicalOrAsTextWritesThemWhenNotNormalised() throws Exception {
        String body = """
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="+Inf"} 2
                h_sum 3
                h_count 2
                # TYPE s summary
                s{quantile="0.5"} 1
                s_sum 1
                s_count 1
                """;
        ScrapeRecorder v3 = recorder(false, true, null, ScrapeLimits.NONE);
        ScrapeRecorder v2 = new ScrapeRecorder(TARGET, false, true, Relabeler.of(List.of()), ScrapeLimits.NONE, false);
        assertThat(bounds(v3, body, ExpositionFormat.PROMETHEUS_TEXT)).containsExactly("h 1.0", "h +Inf", "s 0.5");
        assertThat(bounds(v2, body, ExpositionFormat.PROMETHEUS_TEXT)).containsExactly("h 1", "h +Inf", "s 0.5");
        // From OpenMetrics and protobuf Prometheus 2 stores the canonical form too; the cached
        // series of the other form are not reused.
        assertThat(bounds(v2, body, ExpositionFormat.OPENMETRICS)).containsExactly("h 1.0", "h +Inf", "s 0.5");
        assertThat(bounds(v2, body, ExpositionFormat.PROMETHEUS_TEXT)).containsExactly("h 1", "h +Inf", "s 0.5");
    }

    /** The le and quantile values of one recorded scrape of {@code body}, read as if it came as {@code format}. */
    private List<String> bounds(ScrapeRecorder r, String body, ExpositionFormat format) throws Exception {
        storage.clear();
        SampleAppender app = storage.appender(1);
        r.record(parse(body), format, 1000, app);
        app.commit();
        r.stored();
        return storage.samples().stream().filter(s -> !StaleNaN.is(s.value()))
                .filter(s -> s.series().get("le") != null || s.series().get("quantile") != null)
                .map(s -> s.series().get("__name__").substring(0, 1) + " "
                        + (s.series().get("le") != null ? s.series().get("le") : s.series().get("quantile")))
                .toList();
    }

    @Test
    void aRepeatedSeriesKeepsItsFirstSampleAndIsCounted() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        SampleAppender app = storage.appender(1);
        ScrapeRecorder.Counts c = r.record(parseKeepingDuplicates("a{x=\"1\"} 1\nb 5\na{x=\"1\"} 2\na{x=\"1\"} 3\n"), 1000, app);
        app.commit();
        // As Prometheus: the scrape is not lost; the first sample stays, the others are counted, and
        // post_metric_relabeling counts them all (Prometheus counts a sample its append refused).
        assertThat(c).isEqualTo(new ScrapeRecorder.Counts(4, 4, 2, 2));
        assertThat(storage.samples()).extracting(s -> s.series().get("__name__") + "=" + s.value())
                .containsExactly("a=1.0", "b=5.0");
    }

    @Test
    void metricRelabelingThatMakesTwoSeriesOneKeepsTheFirst() throws Exception {
        ScrapeRecorder r = recorder(false, true, """
                - action: labeldrop
                  regex: pod
                """, ScrapeLimits.NONE);
        SampleAppender app = storage.appender(1);
        ScrapeRecorder.Counts c = r.record(parse("m{pod=\"a\"} 1\nm{pod=\"b\"} 2\nn 3\n"), 1000, app);
        app.commit();
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(storage.samples()).extracting(s -> s.series().get("__name__") + "=" + s.value())
                .containsExactly("m=1.0", "n=3.0");
        // The next scrape appends the first again, not a stale marker: the series is still there.
        storage.clear();
        app = storage.appender(1);
        c = r.record(parse("m{pod=\"a\"} 4\nm{pod=\"b\"} 5\nn 6\n"), 2000, app);
        app.commit();
        assertThat(c.duplicates()).isEqualTo(1);
        assertThat(storage.samples()).extracting(s -> s.series().get("__name__") + "=" + s.value())
                .containsExactly("m=4.0", "n=6.0");
    }

    @Test
    void theSameSeriesAtItsOwnDifferentTimestampsIsNoDuplicate() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        SampleAppender app = storage.appender(1);
        ScrapeRecorder.Counts c = r.record(parse("a 1 500\na 2 600\n"), 1000, app);
        app.commit();
        assertThat(c.duplicates()).isZero();
        assertThat(storage.samples()).hasSize(2);
    }

    @Test
    void aSeriesThatGoesAwayIsMarkedStaleOnce() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        scrape(r, "a 1\nb 2\n", 1000);
        storage.clear();
        SampleAppender app = storage.appender(1);
        ScrapeRecorder.Counts c = r.record(parse("a 3\nc 4\n"), 2000, app);
        app.commit();
        r.stored();
        assertThat(c).isEqualTo(new ScrapeRecorder.Counts(2, 2, 1));
        assertThat(storage.samples()).anySatisfy(s -> {
            assertThat(s.series().get("__name__")).isEqualTo("b");
            assertThat(StaleNaN.is(s.value())).isTrue();
            assertThat(s.timestampMs()).isEqualTo(2000);
        });
        Map<String, Double> third = scrape(r, "a 5\nc 6\n", 3000);
        assertThat(third).hasSize(2).allSatisfy((k, v) -> assertThat(StaleNaN.is(v)).isFalse());
    }

    @Test
    void aFailedScrapeEndsEverySeriesStoredBefore() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        scrape(r, "a 1\nb 2\n", 1000);
        storage.clear();
        SampleAppender app = storage.appender(1);
        r.recordFailure(2000, app);
        app.commit();
        assertThat(storage.samples()).hasSize(2).allSatisfy(s -> assertThat(StaleNaN.is(s.value())).isTrue());
    }

    @Test
    void explicitTimestampsAreKeptAndNotMarkedStale() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        scrape(r, "a 1 500\n", 1000);
        assertThat(storage.samples()).singleElement().satisfies(s -> assertThat(s.timestampMs()).isEqualTo(500));
        assertThat(scrape(r, "b 1\n", 2000)).containsOnlyKeys("{__name__=\"b\",instance=\"10.0.0.1:9100\",job=\"node\"}");
    }

    @Test
    void withoutHonorTimestampsEverySampleGetsTheScrapeTime() throws Exception {
        scrape(recorder(false, false, null, ScrapeLimits.NONE), "a 1 500\n", 1000);
        assertThat(storage.samples()).singleElement().satisfies(s -> assertThat(s.timestampMs()).isEqualTo(1000));
    }

    @Test
    void metricRelabelingDropsAndRewrites() throws Exception {
        Map<String, Double> got = scrape(recorder(false, true, """
                - source_labels: [__name__]
                  regex: go_.*
                  action: drop
                - source_labels: [__name__]
                  regex: (.*)_seconds
                  target_label: __name__
                  replacement: ${1}_s
                """, ScrapeLimits.NONE), "go_goroutines 7\nlatency_seconds 0.2\n", 1000);
        assertThat(got).containsOnlyKeys("{__name__=\"latency_s\",instance=\"10.0.0.1:9100\",job=\"node\"}");
    }

    @Test
    void sampleLimitCountsSamplesAfterRelabeling() throws Exception {
        ScrapeLimits limit = new ScrapeLimits(2, 0, 0, 0, 0, 0, 0);
        ScrapeRecorder r = recorder(false, true, "- source_labels: [__name__]\n  regex: c\n  action: drop\n", limit);
        assertThat(scrape(r, "a 1\nb 2\nc 3\n", 1000)).hasSize(2);
        assertThatThrownBy(() -> r.record(parse("a 1\nb 2\nd 3\n"), 2000, storage.appender(1)))
                .isInstanceOf(ScrapeRecorder.Failure.class).hasMessage("sample_limit exceeded: 3 samples, the limit is 2")
                .extracting(f -> ((ScrapeRecorder.Failure) f).counts())
                .as("reported as Prometheus reports a scrape over its limit").isEqualTo(new ScrapeRecorder.Counts(3, 3, 1));
    }

    @Test
    void labelLimitsFailTheScrapeEveryTime() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, new ScrapeLimits(0, 4, 0, 5, 0, 0, 0));
        assertThatThrownBy(() -> r.record(parse("m{a=\"1\",b=\"2\"} 1\n"), 1000, storage.appender(1)))
                .hasMessageStartingWith("label_limit exceeded").hasMessageContaining("the limit is 4");
        assertThatThrownBy(() -> r.record(parse("m{a=\"1\",b=\"2\"} 1\n"), 2000, storage.appender(1)))
                .hasMessageStartingWith("label_limit exceeded");
        ScrapeRecorder count = recorder(false, true, null, new ScrapeLimits(0, 4, 0, 0, 0, 0, 0));
        assertThatThrownBy(() -> count.record(parse("n 1\nm{a=\"1\",b=\"2\"} 1\no 1\n"), 2000, storage.appender(1)))
                .hasMessageStartingWith("label_limit exceeded").extracting(f -> ((ScrapeRecorder.Failure) f).counts())
                .as("the samples up to the failing one").isEqualTo(new ScrapeRecorder.Counts(2, 1, 1));
        ScrapeRecorder values = recorder(false, true, null, new ScrapeLimits(0, 0, 0, 5, 0, 0, 0));
        assertThatThrownBy(() -> values.record(parse("m{a=\"toolong\"} 1\n"), 1000, storage.appender(1)))
                .hasMessageStartingWith("label_value_length_limit exceeded: the value of label \"a\"");
    }

    @Test
    void labelValueLengthCountsUtf8BytesAsPrometheusDoes() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, new ScrapeLimits(0, 0, 0, 20, 0, 0, 0));
        assertThat(scrape(r, "m{a=\"" + "é".repeat(10) + "\"} 1\n", 1000)).hasSize(1); // 20 bytes
        assertThatThrownBy(() -> r.record(parse("m{a=\"" + "é".repeat(11) + "\"} 1\n"), 2000, storage.appender(1)))
                .hasMessageStartingWith("label_value_length_limit exceeded"); // 11 characters, 22 bytes
    }

    @Test
    void scrapedNaNNeverLooksLikeAStaleMarker() throws Exception {
        scrape(recorder(false, true, null, ScrapeLimits.NONE), "a NaN\n", 1000);
        assertThat(storage.samples()).singleElement().satisfies(s -> {
            assertThat(Double.isNaN(s.value())).isTrue();
            assertThat(StaleNaN.is(s.value())).isFalse();
        });
    }

    @Test
    void reportSeriesCarryTheTargetLabelsAndEndWithTheTarget() throws Exception {
        ScrapeRecorder r = recorder(false, true, null, ScrapeLimits.NONE);
        SampleAppender app = storage.appender(1);
        r.report(true, 0.25, new ScrapeRecorder.Counts(10, 8, 3), 1000, app);
        app.commit();
        assertThat(storage.samples()).extracting(s -> s.series().get("__name__") + "=" + s.value()).containsExactly(
                "up=1.0", "scrape_duration_seconds=0.25", "scrape_samples_scraped=10.0",
                "scrape_samples_post_metric_relabeling=8.0", "scrape_series_added=3.0");
        assertThat(storage.samples()).allSatisfy(s -> assertThat(s.series().get("instance")).isEqualTo("10.0.0.1:9100"));
        storage.clear();
        SampleAppender end = storage.appender(1);
        r.end(2000, end);
        end.commit();
        assertThat(storage.samples()).hasSize(5).allSatisfy(s -> assertThat(StaleNaN.is(s.value())).isTrue());
    }

    @Test
    void summariesGetQuantileSeries() throws Exception {
        Map<String, Double> got = scrape(recorder(false, true, null, ScrapeLimits.NONE), """
                # TYPE rpc summary
                rpc{quantile="0.5"} 0.1
                rpc_sum 3
                rpc_count 9
                """, 1000);
        assertThat(got).containsOnlyKeys(
                "{__name__=\"rpc\",instance=\"10.0.0.1:9100\",job=\"node\",quantile=\"0.5\"}",
                "{__name__=\"rpc_sum\",instance=\"10.0.0.1:9100\",job=\"node\"}",
                "{__name__=\"rpc_count\",instance=\"10.0.0.1:9100\",job=\"node\"}");
    }
}
