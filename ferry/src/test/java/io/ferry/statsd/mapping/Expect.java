package io.ferry.statsd.mapping;

import io.ferry.model.Labels;
import io.ferry.statsd.line.MetricKind;
import io.ferry.statsd.series.Quantile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One expected lookup of a table-driven mapper test: a StatsD name and kind and what the
 * {@link Mapping} must say. Unset expectations are not checked, except that a mapped result has no
 * scale unless one is expected (as statsd_exporter's test checks).
 */
final class Expect {
    final String statsdName;
    MetricKind kind = MetricKind.COUNTER;
    boolean unmapped;
    boolean drop;
    String name;
    Labels labels = Labels.EMPTY;
    Duration ttl;
    List<Quantile> quantiles;
    Duration maxAge;
    Integer ageBuckets;
    Integer bufCap;
    double[] buckets;
    double scale = Double.NaN;
    ObserverType observerType;

    private Expect(String statsdName) {
        this.statsdName = statsdName;
    }

    static Expect lookUp(String statsdName) {
        return new Expect(statsdName);
    }

    Expect as(MetricKind k) {
        kind = k;
        return this;
    }

    Expect unmapped() {
        unmapped = true;
        return this;
    }

    Expect dropped() {
        drop = true;
        return this;
    }

    Expect name(String n) {
        name = n;
        return this;
    }

    Expect labels(String... namesAndValues) {
        labels = Labels.of(namesAndValues);
        return this;
    }

    Expect ttl(Duration d) {
        ttl = d;
        return this;
    }

    /** Pairs of quantile and error. */
    Expect quantiles(double... pairs) {
        quantiles = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            quantiles.add(new Quantile(pairs[i], pairs[i + 1]));
        }
        return this;
    }

    Expect summaryWindow(Duration age, int buckets, int cap) {
        maxAge = age;
        ageBuckets = buckets;
        bufCap = cap;
        return this;
    }

    Expect buckets(double... b) {
        buckets = b;
        return this;
    }

    Expect scale(double s) {
        scale = s;
        return this;
    }

    Expect observer(ObserverType t) {
        observerType = t;
        return this;
    }

    /** Looks the name up (twice, the second from the cache) and checks the result. */
    void check(Mapper mapper) {
        Mapping m = mapper.map(statsdName, kind);
        assertThat(mapper.map(statsdName, kind)).as("cached result of %s", statsdName).isEqualTo(m);
        String what = statsdName + " as " + kind.label();
        if (unmapped) {
            assertThat(m.mapped()).as("%s is unmapped", what).isFalse();
            assertThat(m.name()).as(what).isEqualTo(statsdName);
            assertThat(m.labels()).as(what).isEqualTo(Labels.EMPTY);
            return;
        }
        assertThat(m.mapped()).as("%s is mapped", what).isTrue();
        assertThat(m.action()).as(what).isEqualTo(drop ? Action.DROP : Action.MAP);
        if (name != null) {
            assertThat(m.name()).as(what).isEqualTo(name);
        }
        assertThat(m.labels()).as(what).isEqualTo(labels);
        if (ttl != null) {
            assertThat(m.ttlMillis()).as(what).isEqualTo(ttl.toMillis());
        }
        if (quantiles != null) {
            assertThat(m.summary().objectives()).as(what).isEqualTo(quantiles);
        }
        if (maxAge != null) {
            assertThat(m.summary().maxAge()).as(what).isEqualTo(maxAge);
            assertThat(m.summary().ageBuckets()).as(what).isEqualTo(ageBuckets);
            assertThat(m.summary().bufCap()).as(what).isEqualTo(bufCap);
        }
        if (buckets != null) {
            assertThat(m.histogram().buckets()).as(what).containsExactly(buckets);
        }
        if (observerType != null) {
            assertThat(m.observerType()).as(what).isEqualTo(observerType);
        }
        assertThat(Double.valueOf(m.scale())).as("scale of %s", what).isEqualTo(Double.valueOf(scale));
    }

    @Override
    public String toString() {
        return statsdName + " " + Arrays.asList(kind, name, labels);
    }
}
