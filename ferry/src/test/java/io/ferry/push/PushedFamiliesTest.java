package io.ferry.push;

import io.ferry.exposition.PrometheusTextWriter;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PushedFamiliesTest {

    private static Labels labels(String... namesAndValues) {
        return Labels.of(namesAndValues);
    }

    private static ValueMetric value(Labels labels, double v) {
        return ValueMetric.of(labels, v);
    }

    private static ValueMetric value(Labels labels, double v, long timestampMs) {
        return new ValueMetric(labels, v, timestampMs, Double.NaN, null);
    }

    private static MetricFamily family(String name, MetricType type, String help, Metric... metrics) {
        return new MetricFamily(name, type, help, null, List.of(metrics));
    }

    private static Group group(Labels key, double pushTime, double failureTime, MetricFamily... families) {
        return new Group(key, List.of(families), pushTime, failureTime);
    }

    private static MetricFamily named(List<MetricFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<Labels> labelsOf(MetricFamily f) {
        return f.metrics().stream().map(Metric::labels).toList();
    }

    private static double valueOf(Metric m) {
        return ((ValueMetric) m).value();
    }

    @Test
    void mergesFamiliesOfTheSameNameAcrossGroups() {
        Labels a = labels("instance", "", "job", "a");
        Labels b = labels("instance", "", "job", "b");
        Group ga = group(labels("job", "a"), 10, 0,
                family("mf", MetricType.UNTYPED, "h", value(a, 1)),
                family("only_a", MetricType.GAUGE, "only in a", value(a, 5)));
        Group gb = group(labels("job", "b"), 20, 0, family("mf", MetricType.UNTYPED, "h", value(b, 2)));

        List<MetricFamily> out = PushedFamilies.collect(List.of(gb, ga), List.of());

        assertThat(out).extracting(MetricFamily::name)
                .containsExactly("mf", "only_a", "push_failure_time_seconds", "push_time_seconds");
        MetricFamily mf = out.get(0);
        assertThat(mf.type()).isEqualTo(MetricType.UNTYPED);
        assertThat(mf.help()).isEqualTo("h");
        assertThat(labelsOf(mf)).containsExactly(a, b);
        assertThat(mf.metrics()).extracting(PushedFamiliesTest::valueOf).containsExactly(1.0, 2.0);
        assertThat(out.get(1).metrics()).containsExactly(value(a, 5));
    }

    @Test
    void aPushedSeriesRepeatingOneOfFerrysOwnIsNotServed() {
        Labels backup = labels("instance", "", "job", "backup");
        Labels other = labels("instance", "", "job", "other");
        MetricFamily own = family("up", MetricType.GAUGE, "liveness", value(backup, 1));
        // Pushed with the same labels, even with a timestamp that would sort it first: Ferry's wins.
        Group g = group(labels("job", "backup"), 1, 0, family("up", MetricType.GAUGE, "pushed", value(backup, 7, 5000)));
        Group h = group(labels("job", "other"), 1, 0, family("up", MetricType.GAUGE, "pushed", value(other, 1)));

        MetricFamily up = named(PushedFamilies.collect(List.of(g, h), List.of(own)), "up");

        assertThat(up.help()).isEqualTo("liveness");
        assertThat(up.metrics()).containsExactly(value(backup, 1), value(other, 1));
    }

    @Test
    void inAFamilyFerryServesTooASeriesTwoGroupsPushedIsServedOnce() {
        Labels x = labels("instance", "x", "job", "a");
        MetricFamily own = family("up", MetricType.GAUGE, "liveness", value(labels("instance", "", "job", "b"), 1));
        // A series labelled instance="x" in group {job="a"} is the same series as group {job="a",instance="x"}'s.
        Group first = group(labels("job", "a"), 1, 0, family("up", MetricType.GAUGE, "pushed", value(x, 2)));
        Group second = group(labels("instance", "x", "job", "a"), 1, 0, family("up", MetricType.GAUGE, "pushed", value(x, 3)));

        MetricFamily up = named(PushedFamilies.collect(List.of(second, first), List.of(own)), "up");

        assertThat(up.metrics()).containsExactly(value(labels("instance", "", "job", "b"), 1), value(x, 2));
    }

    @Test
    void servesAFamilyFromOneGroupAsStoredWhenAlreadyInOrder() {
        MetricFamily f = family("mf", MetricType.GAUGE, "h",
                value(labels("instance", "", "job", "a", "x", "1"), 1),
                value(labels("instance", "", "job", "a", "x", "2"), 2));
        Group g = group(labels("job", "a"), 1, 0, f);
        List<MetricFamily> out = PushedFamilies.collect(List.of(g), List.of());
        assertThat(named(out, "mf")).isSameAs(g.families().get(0)).isEqualTo(f);
    }

    @Test
    void ordersSeriesByLabelCountFirstThenValuesInNameOrder() {
        // §1.9: fewer labels first, even when the values would sort the other way.
        Labels shortZ = labels("instance", "", "job", "z");
        Labels longA = labels("instance", "", "job", "a", "zone", "x");
        // Same count: values compared pairwise in label-name order, so instance decides before job.
        Labels instA = labels("instance", "a", "job", "z");
        Labels instB = labels("instance", "b", "job", "a");
        Labels emptyInst = labels("instance", "", "job", "y");
        Group g1 = group(labels("job", "z"), 1, 0, family("mf", MetricType.GAUGE, null, value(shortZ, 1)));
        Group g2 = group(labels("job", "a"), 1, 0, family("mf", MetricType.GAUGE, null, value(longA, 2)));
        Group g3 = group(labels("instance", "b", "job", "a"), 1, 0,
                family("mf", MetricType.GAUGE, null, value(instB, 3)));
        Group g4 = group(labels("instance", "a", "job", "z"), 1, 0,
                family("mf", MetricType.GAUGE, null, value(instA, 4)));
        Group g5 = group(labels("job", "y"), 1, 0, family("mf", MetricType.GAUGE, null, value(emptyInst, 5)));

        MetricFamily mf = named(PushedFamilies.collect(List.of(g1, g2, g3, g4, g5), List.of()), "mf");

        assertThat(labelsOf(mf)).containsExactly(emptyInst, shortZ, instA, instB, longA);
        assertThat(mf.metrics()).extracting(PushedFamiliesTest::valueOf).containsExactly(5.0, 1.0, 4.0, 3.0, 2.0);
    }

    @Test
    void ordersEqualLabelSetsByTimestampWithNoneLast() {
        Labels l = labels("instance", "", "job", "a");
        MetricFamily f = family("mf", MetricType.UNTYPED, null,
                value(l, 1), value(l, 2, 2000), value(l, 3, 1000));
        MetricFamily mf = named(PushedFamilies.collect(List.of(group(labels("job", "a"), 1, 0, f)), List.of()), "mf");
        assertThat(mf.metrics()).extracting(Metric::timestampMs).containsExactly(1000L, 2000L, Metric.NO_TIMESTAMP);
        assertThat(mf.metrics()).extracting(PushedFamiliesTest::valueOf).containsExactly(3.0, 2.0, 1.0);
    }

    @Test
    void comparesLabelValuesByTheirUtf8Bytes() {
        // U+FF01 is EF BC 81 in UTF-8, U+1F600 is F0 9F 98 80: Go puts U+FF01 first, String.compareTo would not.
        Labels fullwidth = labels("instance", "", "job", "\uFF01");
        Labels emoji = labels("instance", "", "job", "\uD83D\uDE00");
        Labels ascii = labels("instance", "", "job", "~");
        MetricFamily f = family("mf", MetricType.GAUGE, null, value(emoji, 1), value(fullwidth, 2), value(ascii, 3));
        MetricFamily mf = named(PushedFamilies.collect(List.of(group(labels("job", "a"), 1, 0, f)), List.of()), "mf");
        assertThat(labelsOf(mf)).containsExactly(ascii, fullwidth, emoji);
        assertThat(io.ferry.model.Labels.compareUtf8("\uFF01", "\uD83D\uDE00")).isNegative();
        assertThat(io.ferry.model.Labels.compareUtf8("ab", "a")).isPositive();
        assertThat(io.ferry.model.Labels.compareUtf8("a", "b")).isNegative();
        assertThat(io.ferry.model.Labels.compareUtf8("\uD83D\uDE00", "\uD83D\uDE00")).isZero();
    }

    @Test
    void addsBothPushTimeSeriesPerGroupWithInstanceDefaultedToEmpty() {
        Group noInstance = group(labels("job", "a"), 1583781848.025745, 0);
        Group withInstance = group(labels("instance", "i1", "job", "b"), 2, 1.5);
        Group extraLabel = group(labels("job", "c", "zone", "eu"), 3, 0);

        List<MetricFamily> out = PushedFamilies.collect(List.of(extraLabel, withInstance, noInstance), List.of());

        assertThat(out).extracting(MetricFamily::name)
                .containsExactly("push_failure_time_seconds", "push_time_seconds");
        MetricFamily failure = out.get(0);
        MetricFamily push = out.get(1);
        assertThat(push.type()).isEqualTo(MetricType.GAUGE);
        assertThat(failure.type()).isEqualTo(MetricType.GAUGE);
        assertThat(push.help()).isEqualTo("Last Unix time when changing this group in the Pushgateway succeeded.");
        assertThat(failure.help()).isEqualTo("Last Unix time when changing this group in the Pushgateway failed.");
        Labels aSeries = labels("instance", "", "job", "a");
        Labels bSeries = labels("instance", "i1", "job", "b");
        Labels cSeries = labels("instance", "", "job", "c", "zone", "eu");
        assertThat(push.metrics()).containsExactly(
                value(aSeries, 1583781848.025745), value(bSeries, 2), value(cSeries, 3));
        assertThat(failure.metrics()).containsExactly(value(aSeries, 0), value(bSeries, 1.5), value(cSeries, 0));
    }

    @Test
    void aGroupWithOnlyAFailureStillGetsBothTimeSeries() {
        Group failedOnly = group(labels("job", "broken"), 0, 1700000000.5);
        List<MetricFamily> out = PushedFamilies.collect(List.of(failedOnly), List.of());
        Labels l = labels("instance", "", "job", "broken");
        assertThat(named(out, "push_time_seconds").metrics()).containsExactly(value(l, 0));
        assertThat(named(out, "push_failure_time_seconds").metrics()).containsExactly(value(l, 1700000000.5));
    }

    @Test
    void noGroupsGiveNoPushTimeFamiliesAndOwnFamiliesPassThrough() {
        MetricFamily own = family("ferry_up", MetricType.GAUGE, "Up.", value(Labels.EMPTY, 1));
        assertThat(PushedFamilies.collect(List.of(), List.of(own))).containsExactly(own);
        assertThat(PushedFamilies.collect(List.of(), List.of())).isEmpty();
    }

    @Test
    void dropsFamiliesWithoutSeriesAndPushedTimeFamilies() {
        Labels l = labels("instance", "", "job", "a");
        Group g = group(labels("job", "a"), 7, 0,
                family("empty", MetricType.COUNTER, "no series"),
                family("push_time_seconds", MetricType.GAUGE, "pushed", value(l, 99)));
        List<MetricFamily> out = PushedFamilies.collect(List.of(g), List.of());
        assertThat(out).extracting(MetricFamily::name)
                .containsExactly("push_failure_time_seconds", "push_time_seconds");
        assertThat(out.get(1).metrics()).containsExactly(value(l, 7));
        assertThat(out.get(1).help()).isEqualTo(PushedFamilies.PUSH_TIME_HELP);
    }

    @Test
    void helpOfTheGroupWhoseKeySortsFirstWins() {
        Labels aSeries = labels("instance", "", "job", "a");
        Labels bSeries = labels("instance", "", "job", "b");
        Group a = group(labels("job", "a"), 1, 0, family("mf_help", MetricType.GAUGE, "from a", value(aSeries, 1)));
        Group b = group(labels("job", "b"), 1, 0, family("mf_help", MetricType.GAUGE, "from b", value(bSeries, 2)));
        // A key with more labels sorts after, whatever its values.
        Labels cKey = labels("instance", "0", "job", "0");
        Group c = group(cKey, 1, 0, family("mf_help", MetricType.GAUGE, "from c", value(cKey, 3)));

        for (List<Group> order : List.of(List.of(a, b, c), List.of(c, b, a), List.of(b, c, a))) {
            MetricFamily mf = named(PushedFamilies.collect(order, List.of()), "mf_help");
            assertThat(mf.help()).isEqualTo("from a");
            assertThat(labelsOf(mf)).containsExactly(aSeries, bSeries, cKey);
        }
        MetricFamily withoutA = named(PushedFamilies.collect(List.of(c, b), List.of()), "mf_help");
        assertThat(withoutA.help()).isEqualTo("from b");
    }

    @Test
    void ferrysOwnHelpWinsAndItsSeriesAreMergedIn() {
        String help = "Total user and system CPU time spent in seconds.";
        MetricFamily own = family("process_cpu_seconds_total", MetricType.COUNTER, help, value(Labels.EMPTY, 4.5));
        Labels pushed = labels("instance", "", "job", "batch");
        Group g = group(labels("job", "batch"), 1, 0,
                family("process_cpu_seconds_total", MetricType.COUNTER, "my own help", value(pushed, 12)));

        MetricFamily mf = named(PushedFamilies.collect(List.of(g), List.of(own)), "process_cpu_seconds_total");

        assertThat(mf.help()).isEqualTo(help);
        assertThat(mf.metrics()).containsExactly(value(Labels.EMPTY, 4.5), value(pushed, 12));
    }

    @Test
    void ownHelpWinsEvenWhenFerryHasNoSeriesOfThatName() {
        MetricFamily own = new MetricFamily("ferry_push_rejected_total", MetricType.COUNTER, "Rejected.", null,
                List.of());
        Labels l = labels("instance", "", "job", "x");
        Group g = group(labels("job", "x"), 1, 0,
                family("ferry_push_rejected_total", MetricType.COUNTER, "other", value(l, 1)));
        MetricFamily mf = named(PushedFamilies.collect(List.of(g), List.of(own)), "ferry_push_rejected_total");
        assertThat(mf.help()).isEqualTo("Rejected.");
        assertThat(mf.metrics()).containsExactly(value(l, 1));
    }

    @Test
    void onTypeClashTheFirstGroupsTypeIsKeptAndTheOthersAreSkipped() {
        Labels aSeries = labels("instance", "", "job", "a");
        Labels bSeries = labels("instance", "", "job", "b");
        Labels cSeries = labels("instance", "", "job", "c");
        Group a = group(labels("job", "a"), 1, 0, family("mf", MetricType.COUNTER, "h", value(aSeries, 1)));
        Group b = group(labels("job", "b"), 1, 0, family("mf", MetricType.GAUGE, "h", value(bSeries, 2)));
        Group c = group(labels("job", "c"), 1, 0, family("mf", MetricType.COUNTER, "h", value(cSeries, 3)));

        for (List<Group> order : List.of(List.of(a, b, c), List.of(c, b, a))) {
            List<MetricFamily> out = PushedFamilies.collect(order, List.of());
            MetricFamily mf = named(out, "mf");
            assertThat(mf.type()).isEqualTo(MetricType.COUNTER);
            assertThat(mf.metrics()).containsExactly(value(aSeries, 1), value(cSeries, 3));
            // The skipped group keeps its push time series.
            assertThat(labelsOf(named(out, "push_time_seconds"))).containsExactly(aSeries, bSeries, cSeries);
        }
    }

    @Test
    void onTypeClashWithAnOwnFamilyFerrysFamilyIsKept() {
        MetricFamily own = family("ferry_groups", MetricType.GAUGE, "Groups.", value(Labels.EMPTY, 3));
        Group g = group(labels("job", "x"), 1, 0, family("ferry_groups", MetricType.COUNTER, "Groups.",
                value(labels("instance", "", "job", "x"), 9)));
        assertThat(named(PushedFamilies.collect(List.of(g), List.of(own)), "ferry_groups")).isSameAs(own);
    }

    @Test
    void sortsFamiliesByName() {
        Labels l = labels("instance", "", "job", "a");
        Group g = group(labels("job", "a"), 1, 0,
                family("Zeta", MetricType.GAUGE, null, value(l, 1)),
                family("a_b", MetricType.GAUGE, null, value(l, 1)),
                family("a", MetricType.GAUGE, null, value(l, 1)),
                family("push_time", MetricType.GAUGE, null, value(l, 1)));
        List<MetricFamily> own = new ArrayList<>(List.of(family("_x", MetricType.GAUGE, null, value(l, 1))));
        assertThat(PushedFamilies.collect(List.of(g), own)).extracting(MetricFamily::name).containsExactly(
                "Zeta", "_x", "a", "a_b", "push_failure_time_seconds", "push_time", "push_time_seconds");
    }

    @Test
    void rendersExactlyLikeThePushgateway() {
        Labels j1 = labels("instance", "", "job", "job1");
        Labels j2 = labels("instance", "inst2", "job", "job2");
        Group g1 = group(labels("job", "job1"), 1583781848.025745, 0,
                family("mf", MetricType.UNTYPED, "first help", value(j1, -3e3)),
                new MetricFamily("req_seconds", MetricType.HISTOGRAM, "Request time.", null, List.of(
                        HistogramMetric.of(j1, new double[] {0.5, Double.POSITIVE_INFINITY},
                                new double[] {1, 2}, 1.25, 2))));
        Group g2 = group(labels("instance", "inst2", "job", "job2"), 1700000000, 1700000001.5,
                family("mf", MetricType.UNTYPED, "second help",
                        value(labels("instance", "inst2", "job", "job2", "x", "\"q\""), 1), value(j2, 250000)));
        MetricFamily own = family("ferry_build_info", MetricType.GAUGE, "Ferry's version.",
                value(labels("version", "0.1.0"), 1));

        byte[] text = PrometheusTextWriter.INSTANCE.toBytes(PushedFamilies.collect(List.of(g2, g1), List.of(own)));

        assertThat(new String(text, StandardCharsets.UTF_8)).isEqualTo("""
                # HELP ferry_build_info Ferry's version.
                # TYPE ferry_build_info gauge
                ferry_build_info{version="0.1.0"} 1
                # HELP mf first help
                # TYPE mf untyped
                mf{instance="",job="job1"} -3000
                mf{instance="inst2",job="job2"} 250000
                mf{instance="inst2",job="job2",x="\\"q\\""} 1
                # HELP push_failure_time_seconds Last Unix time when changing this group in the Pushgateway failed.
                # TYPE push_failure_time_seconds gauge
                push_failure_time_seconds{instance="",job="job1"} 0
                push_failure_time_seconds{instance="inst2",job="job2"} 1.7000000015e+09
                # HELP push_time_seconds Last Unix time when changing this group in the Pushgateway succeeded.
                # TYPE push_time_seconds gauge
                push_time_seconds{instance="",job="job1"} 1.583781848025745e+09
                push_time_seconds{instance="inst2",job="job2"} 1.7e+09
                # HELP req_seconds Request time.
                # TYPE req_seconds histogram
                req_seconds_bucket{instance="",job="job1",le="0.5"} 1
                req_seconds_bucket{instance="",job="job1",le="+Inf"} 2
                req_seconds_sum{instance="",job="job1"} 1.25
                req_seconds_count{instance="",job="job1"} 2
                """);
    }

    @Test
    void anInstanceReusesWhatDidNotChangeAndServesTheSameAsAFreshCollect() {
        PushedFamilies pushed = new PushedFamilies();
        java.util.Map<Labels, Group> store = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(7);
        List<MetricFamily> previous = List.of();
        int unchanged = 0;
        for (int step = 0; step < 300; step++) {
            Labels key = labels("job", "j" + random.nextInt(5), "instance", "i" + random.nextInt(3));
            Labels series = key.with("kind", "k" + random.nextInt(2));
            switch (random.nextInt(4)) {
                case 0 -> store.remove(key);
                case 1 -> { } // a scrape with nothing changed
                default -> store.put(key, group(key, step, 0,
                        family("a", MetricType.GAUGE, "A.", value(series, step)),
                        family("b" + random.nextInt(2), MetricType.COUNTER, null, value(series, 1))));
            }
            List<MetricFamily> fresh = PushedFamilies.collect(store.values(), List.of());
            List<MetricFamily> remembered = pushed.families(store.values(), List.of());
            assertThat(remembered).as("step %d", step).isEqualTo(fresh);
            if (remembered.equals(previous)) {
                unchanged++;
                for (int i = 0; i < remembered.size(); i++) {
                    assertThat(remembered.get(i)).as("reused when nothing changed").isSameAs(previous.get(i));
                }
            }
            previous = remembered;
        }
        assertThat(unchanged).as("scrapes with nothing changed, where reuse was checked").isGreaterThan(30);
    }

    @Test
    void ownFamiliesComingAndGoingBesideTheSameGroupsServeTheSameAsAFreshCollect() {
        // Own families are new objects at each call, and their names come and go (a histogram Ferry
        // observes for the first time, StatsD series that expire): some share a name with pushed ones,
        // of the same TYPE or another, or are Ferry's push time families.
        PushedFamilies pushed = new PushedFamilies();
        java.util.Map<Labels, Group> store = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(11);
        String[] names = {"a", "b", "up", "push_time_seconds", "zz"};
        List<MetricFamily> previous = List.of();
        java.util.Set<String> previousOwn = java.util.Set.of();
        int sameGroupsReused = 0;
        for (int step = 0; step < 400; step++) {
            boolean groupsChange = random.nextInt(4) == 0;
            if (groupsChange) {
                Labels key = labels("job", "j" + random.nextInt(4), "instance", "i" + random.nextInt(2));
                store.put(key, group(key, step, 0,
                        family(names[random.nextInt(names.length)], MetricType.GAUGE, "P.", value(key.with("k", "1"), step)),
                        family(names[random.nextInt(names.length)], random.nextBoolean() ? MetricType.GAUGE : MetricType.COUNTER,
                                null, value(key.with("k", "2"), 1))));
            }
            List<MetricFamily> own = new ArrayList<>();
            for (String name : names) {
                if (random.nextInt(3) == 0) {
                    Labels series = random.nextBoolean() ? labels("job", "j0", "instance", "i0", "k", "1") : labels("own", name);
                    own.add(family(name, random.nextBoolean() ? MetricType.GAUGE : MetricType.COUNTER, "Own.", value(series, step)));
                }
            }
            List<MetricFamily> fresh = PushedFamilies.collect(store.values(), own);
            List<MetricFamily> remembered = pushed.families(store.values(), own);
            assertThat(remembered).as("step %d", step).isEqualTo(fresh);
            if (!groupsChange && !store.isEmpty()) {
                for (MetricFamily f : remembered) {
                    boolean pushedOnly = own.stream().noneMatch(o -> o.name().equals(f.name()))
                            && !previousOwn.contains(f.name());
                    if (pushedOnly && previous.stream().anyMatch(p -> p.name().equals(f.name()))) {
                        assertThat(previous).as("step %d: %s, pushed only, reused", step, f.name())
                                .anySatisfy(p -> assertThat(p).isSameAs(f));
                        sameGroupsReused++;
                    }
                }
            }
            previous = remembered;
            previousOwn = own.stream().map(MetricFamily::name).collect(java.util.stream.Collectors.toSet());
        }
        assertThat(sameGroupsReused).as("pushed-only families checked for reuse").isGreaterThan(100);
    }

    @Test
    void keepsNoMemoryOfFamiliesThatHoldOwnSeries() {
        // Own families (Ferry's metrics, StatsD's series) are collected afresh at each call: a merge
        // holding one can never be reused, and remembering it would keep a copy of every such series.
        PushedFamilies pushed = new PushedFamilies();
        Labels key = labels("job", "j");
        Group g = group(key, 1, 0,
                family("shared", MetricType.GAUGE, "S.", value(key.with("instance", "a"), 1)),
                family("pushed_only", MetricType.GAUGE, "P.", value(key.with("instance", "a"), 2)));
        List<MetricFamily> own = List.of(
                family("own_only", MetricType.GAUGE, "O.", value(labels("x", "1"), 3)),
                family("shared", MetricType.GAUGE, "S.", value(labels("instance", "b", "job", "j"), 4)));

        List<MetricFamily> out = pushed.families(List.of(g), own);

        assertThat(out).extracting(MetricFamily::name).containsExactly(
                "own_only", "push_failure_time_seconds", "push_time_seconds", "pushed_only", "shared");
        assertThat(named(out, "shared").metrics()).hasSize(2);
        assertThat(pushed.remembered()).containsExactlyInAnyOrder(
                "push_failure_time_seconds", "push_time_seconds", "pushed_only");
    }
}
