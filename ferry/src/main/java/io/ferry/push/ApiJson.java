package io.ferry.push;

import io.ferry.exposition.GoFloat;
import io.ferry.exposition.ProtobufCounts;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.state.Group;
import io.ferry.wire.ByteSink;
import io.ferry.wire.GoJson;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Pushgateway's JSON API documents ({@code GET /api/v1/status} and {@code GET /api/v1/metrics}),
 * byte for byte as its Go code marshals them, from Ferry's state.
 *
 * <pre>{@code
 * byte[] body = ApiJson.metrics(store.groups(), ZoneId.systemDefault());
 * }</pre>
 *
 * <p>Shape: {@code {"status":"success","data":...}}. For metrics, {@code data} holds one object per
 * group, in grouping key order (fewer labels first, then values in label-name order; the
 * Pushgateway's order is random). A group's keys are sorted as Go sorts map keys: {@code labels}
 * (the grouping key), {@code last_push_successful}, and one per family, {@code push_time_seconds}
 * and {@code push_failure_time_seconds} included, valued {@code time_stamp} (when that family was
 * last pushed), {@code type} (as client_model names it), {@code help} (left out when empty) and
 * {@code metrics}. Numbers are strings in Go's {@code %v} form; counts the protobuf format would
 * carry as integers are written as integers.
 *
 * <p>The time stamps of the two time families: {@code push_time_seconds} has the last successful
 * push's time (the failure's for a group that only ever failed); {@code push_failure_time_seconds}
 * has the last failure's, or the last push's when there was none (the Pushgateway would give the
 * group's first push, which Ferry does not keep). Stateless and thread-safe.
 */
public final class ApiJson {
    private final ByteSink out = new ByteSink(16 * 1024);
    private final GoJson json = new GoJson(out);
    private final ZoneId zone;

    private ApiJson(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code GET /api/v1/metrics}: every group, times in {@code zone} (the Pushgateway uses its local zone). */
    public static byte[] metrics(Collection<Group> groups, ZoneId zone) {
        Group[] sorted = groups.toArray(new Group[0]);
        Arrays.sort(sorted, (a, b) -> a.key().compareTo(b.key()));
        ApiJson api = new ApiJson(zone);
        api.json.beginObject().name("status").value("success").name("data").beginArray();
        for (Group g : sorted) {
            api.group(g);
        }
        api.json.endArray().endObject();
        return api.out.toByteArray();
    }

    /**
     * {@code GET /api/v1/status}: the flags by name (without {@code --}) with their values, the
     * start time in {@code zone}, and the build information.
     */
    public static byte[] status(Map<String, String> flags, Instant startTime, Map<String, String> buildInformation,
                                ZoneId zone) {
        ApiJson api = new ApiJson(zone);
        GoJson j = api.json;
        j.beginObject().name("status").value("success").name("data").beginObject();
        j.name("build_information");
        api.stringMap(buildInformation);
        j.name("flags");
        api.stringMap(flags);
        j.name("start_time").value(GoTime.rfc3339Nano(startTime, zone));
        j.endObject().endObject();
        return api.out.toByteArray();
    }

    private void group(Group g) {
        // Go marshals the group as one map: every key sorted together, a family named like a
        // fixed key replacing it as the map assignment does.
        TreeMap<String, Consumer<GoJson>> fields = new TreeMap<>(Labels::compareUtf8);
        fields.put("labels", j -> labels(g.key()));
        fields.put("last_push_successful", j -> j.value(g.lastPushSucceeded()));
        for (int i = 0; i < g.families().size(); i++) {
            MetricFamily f = g.families().get(i);
            double pushed = g.familyPushTimeSeconds(i);
            fields.put(f.name(), j -> family(f.type(), f.help(), pushed, f.metrics()));
        }
        double push = g.pushTimeSeconds();
        double failure = g.pushFailureTimeSeconds();
        Labels series = PushedFamilies.timeSeriesLabels(g.key());
        fields.put(PushedFamilies.PUSH_TIME, j -> family(MetricType.GAUGE, PushedFamilies.PUSH_TIME_HELP,
                push > 0 ? push : failure, List.of(ValueMetric.of(series, push))));
        fields.put(PushedFamilies.PUSH_FAILURE_TIME, j -> family(MetricType.GAUGE,
                PushedFamilies.PUSH_FAILURE_TIME_HELP, failure > 0 ? failure : push,
                List.of(ValueMetric.of(series, failure))));
        json.beginObject();
        fields.forEach((name, write) -> {
            json.name(name);
            write.accept(json);
        });
        json.endObject();
    }

    private void family(MetricType type, String help, double pushedSeconds, List<Metric> metrics) {
        json.beginObject();
        json.name("time_stamp").value(GoTime.rfc3339Nano(pushedSeconds, zone));
        json.name("type").value(typeName(type));
        if (help != null && !help.isEmpty()) {
            json.name("help").value(help);
        }
        json.name("metrics").beginArray();
        for (Metric m : metrics) {
            metric(m);
        }
        json.endArray().endObject();
    }

    /** Keys in Go's sorted order: buckets, count, labels, quantiles, sum, value. */
    private void metric(Metric m) {
        json.beginObject();
        switch (m) {
            case ValueMetric v -> {
                json.name("labels");
                labels(v.labels());
                json.name("value").value(GoFloat.format(v.value()));
            }
            case SummaryMetric s -> {
                json.name("count").value(Long.toUnsignedString(ProtobufCounts.toUInt64(s.count())));
                json.name("labels");
                labels(s.labels());
                TreeMap<String, String> quantiles = new TreeMap<>(Labels::compareUtf8);
                for (int i = 0; i < s.quantiles().length; i++) {
                    quantiles.put(GoFloat.format(s.quantiles()[i]), GoFloat.format(s.values()[i]));
                }
                json.name("quantiles");
                stringMap(quantiles);
                json.name("sum").value(s.hasCount() ? GoFloat.format(s.sum()) : "0");
            }
            case HistogramMetric h -> histogram(h);
        }
        json.endObject();
    }

    private void histogram(HistogramMetric h) {
        NativeHistogram n = h.nativeHistogram();
        json.name("buckets");
        String count;
        if (n != null && n.negativeSpans().length + n.positiveSpans().length > 0) {
            // As the Pushgateway: with any native span, only the native buckets are listed.
            json.beginArray();
            for (NativeBuckets.Bucket b : NativeBuckets.of(n)) {
                json.beginArray().value(b.rule()).value(GoFloat.format(b.lower())).value(GoFloat.format(b.upper()))
                        .value(n.integerCounts() ? Long.toUnsignedString((long) b.count()) : GoFloat.format(b.count()))
                        .endArray();
            }
            json.endArray();
            count = !h.hasCount() ? "0" : n.integerCounts()
                    ? Long.toUnsignedString(ProtobufCounts.toUInt64(h.count())) : GoFloat.format(h.count());
        } else {
            TreeMap<String, String> buckets = new TreeMap<>(Labels::compareUtf8);
            for (int i = 0; i < h.bucketCount(); i++) {
                buckets.put(GoFloat.format(h.upperBounds()[i]), classicCount(h.cumulativeCounts()[i]));
            }
            stringMap(buckets);
            count = h.hasCount() ? classicCount(h.count()) : "0";
        }
        json.name("count").value(count);
        json.name("labels");
        labels(h.labels());
        json.name("sum").value(h.hasCount() ? GoFloat.format(h.sum()) : "0");
    }

    /**
     * A classic count: an integer when the protobuf format would carry it in its integer field,
     * else Go's float form when positive (its float field), else 0, as the Pushgateway reads them.
     */
    private static String classicCount(double c) {
        if (ProtobufCounts.isInteger(c)) {
            return Long.toString((long) c);
        }
        return c > 0 ? GoFloat.format(c) : "0";
    }

    private void labels(Labels l) {
        json.beginObject();
        for (int i = 0; i < l.size(); i++) {
            json.name(l.name(i)).value(l.value(i));
        }
        json.endObject();
    }

    private void stringMap(Map<String, String> m) {
        TreeMap<String, String> sorted = new TreeMap<>(Labels::compareUtf8);
        sorted.putAll(m);
        json.beginObject();
        sorted.forEach((k, v) -> json.name(k).value(v));
        json.endObject();
    }

    /** The type as client_model's enum names it; types the protobuf format lacks as it encodes them. */
    static String typeName(MetricType t) {
        return switch (t) {
            case COUNTER -> "COUNTER";
            case GAUGE, INFO, STATESET -> "GAUGE";
            case HISTOGRAM -> "HISTOGRAM";
            case SUMMARY -> "SUMMARY";
            case UNTYPED, UNKNOWN -> "UNTYPED";
            case GAUGE_HISTOGRAM -> "GAUGE_HISTOGRAM";
        };
    }
}
