package io.ferry.otlp.convert.internal;

import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.StaleNaN;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;
import io.ferry.otlp.convert.ConversionOptions;
import io.ferry.otlp.convert.ConvertedResource;
import io.ferry.otlp.convert.DeltaPolicy;
import io.ferry.otlp.convert.DeltaSeries;
import io.ferry.otlp.convert.HistogramDelta;
import io.ferry.otlp.wire.Attributes;
import io.ferry.otlp.wire.DataPoint;
import io.ferry.otlp.wire.ExpHistogramPoint;
import io.ferry.otlp.wire.HistogramPoint;
import io.ferry.otlp.wire.NumberPoint;
import io.ferry.otlp.wire.OtlpExemplar;
import io.ferry.otlp.wire.OtlpMetric;
import io.ferry.otlp.wire.ResourceMetrics;
import io.ferry.otlp.wire.ScopeMetrics;
import io.ferry.otlp.wire.SummaryPoint;
import io.ferry.otlp.wire.Temporality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conversion of one export request: holds the request's name caches and rejections, so it is
 * used by one thread for one request and then dropped. The rules are in docs/otlp.md, "Conversion".
 *
 * <pre>{@code
 * Rejections rejections = new Rejections(Conversion.MAX_MESSAGES);
 * RequestConverter c = new RequestConverter(options, minTimeNanos, maxTimeNanos, rejections);
 * ConvertedResource r = c.convert(request.resources().get(0)); // null when nothing was kept
 * }</pre>
 */
public final class RequestConverter {
    public static final String INVALID_METRIC_NAME = "invalid_metric_name";
    public static final String INVALID_ATTRIBUTE_NAME = "invalid_attribute_name";
    public static final String MISSING_SERVICE_NAME = "missing_service_name";
    public static final String TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range";
    public static final String INVALID_VALUE = "invalid_value";
    public static final String BUCKET_MISMATCH = "bucket_mismatch";
    public static final String COUNT_MISMATCH = "count_mismatch";
    public static final String INVALID_SCALE = "invalid_scale";
    public static final String INVALID_QUANTILE = "invalid_quantile";
    public static final String UNSPECIFIED_TEMPORALITY = "unspecified_temporality";
    public static final String DELTA_REJECTED = "delta_rejected";
    public static final String TYPE_CONFLICT = "type_conflict";
    /** Warning: attributes whose names sanitise to one label; their values were joined with {@code ;}. */
    public static final String LABEL_NAME_COLLISION = "label_name_collision";

    static final String TARGET_INFO = "target_info";
    private static final String SERVICE_NAME = "service.name";
    private static final String SERVICE_NAMESPACE = "service.namespace";
    private static final String SERVICE_INSTANCE_ID = "service.instance.id";
    /** Sentinel for an attribute key that makes no label name (real names are never empty). */
    private static final String INVALID = "";
    /** OpenMetrics' limit on an exemplar's label names and values together, in code points. */
    private static final int EXEMPLAR_RUNES = Exemplar.MAX_LABEL_SET_CODE_POINTS;

    private final ConversionOptions options;
    private final long minTimeNanos;
    private final long maxTimeNanos;
    private final Rejections rejections;
    private final Map<String, String> labelNames = new HashMap<>();
    private final Map<NameKey, String> metricNames = new HashMap<>();
    private final Labels.Builder builder = Labels.builder();

    private record NameKey(String name, String unit, MetricNamer.Kind kind) {
    }

    /**
     * @param minTimeNanos the earliest point time accepted
     * @param maxTimeNanos the latest point time accepted
     */
    public RequestConverter(ConversionOptions options, long minTimeNanos, long maxTimeNanos, Rejections rejections) {
        this.options = options;
        this.minTimeNanos = minTimeNanos;
        this.maxTimeNanos = maxTimeNanos;
        this.rejections = rejections;
    }

    /** One resource's group, or null when nothing of it was kept. */
    public ConvertedResource convert(ResourceMetrics rm) {
        Attributes resource = rm.resource() == null ? Attributes.EMPTY : rm.resource();
        String service = resource.get(SERVICE_NAME);
        if (service == null || service.isEmpty()) {
            long n = 0;
            for (ScopeMetrics s : rm.scopes()) {
                for (OtlpMetric m : s.metrics()) {
                    n += m.points().size();
                }
            }
            rejections.reject(MISSING_SERVICE_NAME, n, "resource has no service.name, so its points have no job");
            return null;
        }
        String namespace = resource.get(SERVICE_NAMESPACE);
        String job = namespace == null || namespace.isEmpty() ? service : namespace + "/" + service;
        String instanceId = resource.get(SERVICE_INSTANCE_ID);
        String instance = instanceId == null ? "" : instanceId;
        ResourceState state = new ResourceState(job, instance, promoted(resource));
        for (ScopeMetrics scope : rm.scopes()) {
            String[] overrides = overrides(job, instance, scope);
            for (OtlpMetric metric : scope.metrics()) {
                convertMetric(metric, overrides, state);
            }
        }
        if (state.latestMs == Long.MIN_VALUE) {
            return null;
        }
        if (options.targetInfo()) {
            addTargetInfo(resource, job, instance, state);
        }
        List<MetricFamily> families = new ArrayList<>(state.families.size());
        for (FamilyBuilder f : state.families.values()) {
            families.add(new MetricFamily(f.name, f.type, f.help, f.unit, new ArrayList<>(f.series.values())));
        }
        return new ConvertedResource(Labels.of("job", job, "instance", instance), instance, families, state.deltas);
    }

    /** What one resource collects while its metrics are converted. */
    private static final class ResourceState {
        final String job;
        final String instance;
        final String[] promoted;
        final Map<String, FamilyBuilder> families = new LinkedHashMap<>();
        final List<DeltaSeries> deltas = new ArrayList<>();
        long latestMs = Long.MIN_VALUE;

        ResourceState(String job, String instance, String[] promoted) {
            this.job = job;
            this.instance = instance;
            this.promoted = promoted;
        }
    }

    /** A family being filled: one series per label set, the later point of a stream winning. */
    private static final class FamilyBuilder {
        final String name;
        final MetricType type;
        final String help;
        final String unit;
        final Map<Labels, Metric> series = new LinkedHashMap<>();

        FamilyBuilder(String name, MetricType type, String help, String unit) {
            this.name = name;
            this.type = type;
            this.help = help;
            this.unit = unit;
        }

        void add(Metric m) {
            series.merge(m.labels(), m, (old, now) -> now.timestampMs() >= old.timestampMs() ? now : old);
        }
    }

    /**
     * Labels set by the resource and scope, which override data point attributes of the same name;
     * an empty value removes the label.
     */
    private String[] overrides(String job, String instance, ScopeMetrics scope) {
        List<String> pairs = new ArrayList<>(8);
        pairs.add("job");
        pairs.add(job);
        pairs.add("instance"); // even when empty: the group key decides, no attribute may set it
        pairs.add(instance);
        String scopeName = scope.name();
        if (options.scopeLabels() && scopeName != null && !scopeName.isEmpty()) {
            pairs.add("otel_scope_name");
            pairs.add(scopeName);
            if (scope.version() != null && !scope.version().isEmpty()) {
                pairs.add("otel_scope_version");
                pairs.add(scope.version());
            }
            Attributes attrs = scope.attributes() == null ? Attributes.EMPTY : scope.attributes();
            for (int i = 0; i < attrs.size(); i++) {
                String key = attrs.key(i);
                if (key.equals("name") || key.equals("version") || key.equals("schema_url")) {
                    continue; // would collide with the scope's own labels
                }
                String name = labelName(key);
                if (name != INVALID && !attrs.value(i).isEmpty() && !pairs.contains("otel_scope_" + name)) {
                    pairs.add("otel_scope_" + name);
                    pairs.add(attrs.value(i));
                }
            }
        }
        return pairs.toArray(new String[0]);
    }

    /** The promoted resource attributes as label pairs, added where no data point attribute set the label. */
    private String[] promoted(Attributes resource) {
        List<String> pairs = new ArrayList<>();
        for (String key : options.promoteResourceAttributes()) {
            String value = resource.get(key);
            String name = labelName(key);
            if (value != null && !value.isEmpty() && name != INVALID) {
                pairs.add(name);
                pairs.add(value);
            }
        }
        return pairs.toArray(new String[0]);
    }

    private void convertMetric(OtlpMetric m, String[] overrides, ResourceState state) {
        int points = m.points().size();
        if (points == 0) {
            return;
        }
        String otlpName = m.name() == null ? "" : m.name();
        boolean delta = false;
        MetricNamer.Kind kind;
        MetricType type;
        switch (m.kind()) {
            case GAUGE -> {
                kind = MetricNamer.Kind.GAUGE;
                type = MetricType.GAUGE;
            }
            case SUMMARY -> {
                kind = MetricNamer.Kind.SUMMARY;
                type = MetricType.SUMMARY;
            }
            case SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM -> {
                if (m.temporality() != Temporality.CUMULATIVE && m.temporality() != Temporality.DELTA) {
                    rejections.reject(UNSPECIFIED_TEMPORALITY, points,
                            "metric \"" + otlpName + "\" has no aggregation temporality");
                    return;
                }
                delta = m.temporality() == Temporality.DELTA;
                if (delta && options.deltas() == DeltaPolicy.REJECT) {
                    rejections.reject(DELTA_REJECTED, points,
                            "invalid temporality and type combination for metric \"" + otlpName + "\"");
                    return;
                }
                if (m.kind() == io.ferry.otlp.wire.MetricKind.SUM) {
                    kind = m.monotonic() ? MetricNamer.Kind.MONOTONIC_COUNTER : MetricNamer.Kind.NON_MONOTONIC_COUNTER;
                    type = m.monotonic() ? MetricType.COUNTER : MetricType.GAUGE;
                } else {
                    kind = m.kind() == io.ferry.otlp.wire.MetricKind.HISTOGRAM ? MetricNamer.Kind.HISTOGRAM
                            : MetricNamer.Kind.EXPONENTIAL_HISTOGRAM;
                    type = MetricType.HISTOGRAM;
                }
            }
            default -> {
                return; // EMPTY: no data field, so no points
            }
        }
        String unit = m.unit() == null ? "" : m.unit();
        String family = metricNames.computeIfAbsent(new NameKey(otlpName, unit, kind),
                k -> MetricNamer.name(k.name(), k.unit(), k.kind(), options.strategy().addsSuffixes()));
        if (family == null) {
            rejections.reject(INVALID_METRIC_NAME, points,
                    "metric name \"" + otlpName + "\" has no character Prometheus names allow");
            return;
        }
        String help = m.description() == null || m.description().isEmpty() ? null : m.description();
        String unitWord = MetricNamer.unit(unit);
        FamilyBuilder target = null;
        if (!delta) {
            target = state.families.computeIfAbsent(family, n -> new FamilyBuilder(n, type, help, unitWord));
            if (target.type != type) {
                rejections.reject(TYPE_CONFLICT, points, "metric \"" + otlpName + "\" becomes " + family
                        + ", already a " + target.type.openMetricsName() + " in this resource");
                return;
            }
        }
        String dropped = type == MetricType.HISTOGRAM ? "le" : type == MetricType.SUMMARY ? "quantile" : null;
        for (DataPoint p : m.points()) {
            if (p.timeNanos() < minTimeNanos || p.timeNanos() > maxTimeNanos) {
                rejections.reject(TIMESTAMP_OUT_OF_RANGE, 1,
                        "point time is unset, more than 24h in the past, or more than 10m in the future");
                continue;
            }
            Labels labels = labels(p.attributes(), overrides, state.promoted, dropped);
            if (labels == null) {
                rejections.reject(INVALID_ATTRIBUTE_NAME, 1,
                        "an attribute name of metric \"" + otlpName + "\" has no character label names allow");
                continue;
            }
            boolean kept = delta ? addDelta(p, family, type, help, unitWord, labels, state)
                    : addCumulative(p, type, labels, target);
            if (kept) {
                state.latestMs = Math.max(state.latestMs, Times.millis(p.timeNanos()));
            }
        }
    }

    private boolean addCumulative(DataPoint p, MetricType type, Labels labels, FamilyBuilder target) {
        Metric m = switch (p) {
            case NumberPoint n -> number(n, type, labels);
            case HistogramPoint h -> {
                HistogramDelta d = explicit(h);
                yield d == null ? null : new HistogramMetric(labels, d.upperBounds(), d.cumulativeCounts(),
                        d.exemplars(), d.sum(), d.count(), Times.millis(h.timeNanos()),
                        Times.seconds(h.startTimeNanos()), null);
            }
            case ExpHistogramPoint e -> {
                HistogramDelta d = exponential(e);
                yield d == null ? null : new HistogramMetric(labels, d.upperBounds(), d.cumulativeCounts(),
                        d.exemplars(), d.sum(), d.count(), Times.millis(e.timeNanos()),
                        Times.seconds(e.startTimeNanos()), d.nativeHistogram());
            }
            case SummaryPoint s -> summary(s, labels);
        };
        if (m == null) {
            return false;
        }
        target.add(m);
        return true;
    }

    private boolean addDelta(DataPoint p, String family, MetricType type, String help, String unit, Labels labels,
                             ResourceState state) {
        double value = Double.NaN;
        Exemplar exemplar = null;
        HistogramDelta histogram = null;
        switch (p) {
            case NumberPoint n -> {
                value = n.noRecordedValue() ? StaleNaN.VALUE : n.value();
                if (!n.noRecordedValue() && (!Double.isFinite(value) || type == MetricType.COUNTER && value < 0)) {
                    rejections.reject(INVALID_VALUE, 1, type == MetricType.COUNTER
                            ? "a monotonic delta sum must be finite and not negative"
                            : "a delta sum must be finite");
                    return false;
                }
                exemplar = type == MetricType.COUNTER && !n.noRecordedValue() ? lastExemplar(n) : null;
            }
            case HistogramPoint h -> histogram = explicit(h);
            case ExpHistogramPoint e -> histogram = exponential(e);
            case SummaryPoint s -> {
                return false; // summaries have no temporality; never a delta
            }
        }
        if (histogram == null && type == MetricType.HISTOGRAM) {
            return false;
        }
        state.deltas.add(new DeltaSeries(family, type, help, unit, labels, p.startTimeNanos(), p.timeNanos(), value,
                exemplar, histogram));
        return true;
    }

    private Metric number(NumberPoint n, MetricType type, Labels labels) {
        long ts = Times.millis(n.timeNanos());
        if (n.noRecordedValue()) {
            return new ValueMetric(labels, StaleNaN.VALUE, ts, Double.NaN, null);
        }
        if (type == MetricType.COUNTER) {
            if (n.value() < 0) {
                rejections.reject(INVALID_VALUE, 1, "a monotonic sum must not be negative");
                return null;
            }
            return new ValueMetric(labels, n.value(), ts, Times.seconds(n.startTimeNanos()), lastExemplar(n));
        }
        return new ValueMetric(labels, n.value(), ts, Double.NaN, null);
    }

    /** An explicit-bucket point as classic buckets ending in {@code +Inf}, or null when rejected. */
    private HistogramDelta explicit(HistogramPoint h) {
        double[] bounds = h.bounds();
        long[] counts = h.bucketCounts();
        if (counts.length != 0 && counts.length != bounds.length + 1 || counts.length == 0 && bounds.length != 0) {
            rejections.reject(BUCKET_MISMATCH, 1, "a histogram needs one bucket count more than it has bounds");
            return null;
        }
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i]) || bounds[i] == Double.POSITIVE_INFINITY
                    || i > 0 && bounds[i] <= bounds[i - 1]) {
                rejections.reject(BUCKET_MISMATCH, 1, "histogram bounds must be increasing, finite numbers");
                return null;
            }
        }
        double[] le = new double[bounds.length + 1];
        System.arraycopy(bounds, 0, le, 0, bounds.length);
        le[bounds.length] = Double.POSITIVE_INFINITY;
        double[] cumulative = new double[le.length];
        if (h.noRecordedValue()) {
            java.util.Arrays.fill(cumulative, StaleNaN.VALUE);
            return new HistogramDelta(le, cumulative, null, StaleNaN.VALUE, StaleNaN.VALUE, null);
        }
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running = addCount(running, counts[i]);
            cumulative[i] = running;
        }
        if (counts.length > 0 && running != h.count() || h.count() < 0) {
            rejections.reject(COUNT_MISMATCH, 1, "a histogram's bucket counts must add up to its count");
            return null;
        }
        cumulative[le.length - 1] = h.count();
        return new HistogramDelta(le, cumulative, bucketExemplars(h.exemplars(), le, h.timeNanos()),
                h.hasSum() ? h.sum() : Double.NaN, h.count(), null);
    }

    /** An exponential point as native buckets plus the classic buckets they make, or null when rejected. */
    private HistogramDelta exponential(ExpHistogramPoint e) {
        if (e.scale() < NativeBuckets.MIN_SCHEMA || e.scale() > 20) {
            rejections.reject(INVALID_SCALE, 1, "an exponential histogram's scale must be between -4 and 20");
            return null;
        }
        double zt = e.zeroThreshold();
        if (Double.isNaN(zt) || zt < 0 || Double.isInfinite(zt)) {
            rejections.reject(INVALID_VALUE, 1, "an exponential histogram's zero threshold must be a finite, "
                    + "non-negative number");
            return null;
        }
        if (e.noRecordedValue()) {
            NativeHistogram empty = new NativeHistogram(Math.min(e.scale(), NativeBuckets.MAX_SCHEMA),
                    zt > 0 ? zt : NativeBuckets.DEFAULT_ZERO_THRESHOLD, 0, new int[0], new double[0], new int[0],
                    new double[0], true, List.of());
            return new HistogramDelta(new double[] {Double.POSITIVE_INFINITY}, new double[] {StaleNaN.VALUE}, null,
                    StaleNaN.VALUE, StaleNaN.VALUE, empty);
        }
        long total = addCount(addCount(e.zeroCount(), sum(e.positive())), sum(e.negative()));
        if (total != e.count() || e.count() < 0) {
            rejections.reject(COUNT_MISMATCH, 1,
                    "an exponential histogram's zero and bucket counts must add up to its count");
            return null;
        }
        long pointMs = Times.millis(e.timeNanos());
        List<Exemplar> exemplars = new ArrayList<>(e.exemplars().size());
        for (OtlpExemplar x : e.exemplars()) {
            Exemplar ex = exemplar(x);
            exemplars.add(ex.hasTimestamp() ? ex : new Exemplar(ex.labels(), ex.value(), pointMs));
        }
        NativeHistogram nh = NativeBuckets.fromOtlp(e.scale(), zt, e.zeroCount(), e.positiveOffset(), e.positive(),
                e.negativeOffset(), e.negative(), exemplars);
        NativeBuckets.Classic c = NativeBuckets.classic(nh, e.count());
        return new HistogramDelta(c.upperBounds(), c.cumulativeCounts(), null, e.hasSum() ? e.sum() : Double.NaN,
                e.count(), nh);
    }

    private Metric summary(SummaryPoint s, Labels labels) {
        double[] q = s.quantiles();
        double[] v = s.values();
        if (q.length != v.length) {
            rejections.reject(INVALID_QUANTILE, 1, "a summary needs a value for each quantile");
            return null;
        }
        for (double x : q) {
            if (!(x >= 0 && x <= 1)) {
                rejections.reject(INVALID_QUANTILE, 1, "summary quantiles must be between 0 and 1");
                return null;
            }
        }
        long ts = Times.millis(s.timeNanos());
        if (s.noRecordedValue()) {
            double[] stale = new double[v.length];
            java.util.Arrays.fill(stale, StaleNaN.VALUE);
            return new SummaryMetric(labels, q.clone(), stale, StaleNaN.VALUE, StaleNaN.VALUE, ts, Double.NaN);
        }
        if (s.count() < 0) {
            rejections.reject(COUNT_MISMATCH, 1, "a summary's count must fit a signed 64-bit integer");
            return null;
        }
        return new SummaryMetric(labels, q.clone(), v.clone(), s.sum(), s.count(), ts,
                Times.seconds(s.startTimeNanos()));
    }

    /** Counts are uint64 on the wire: a sum past 2^63 is a mismatch, marked by -1. */
    private static long addCount(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        long s = a + b;
        return s < 0 ? -1 : s;
    }

    private static long sum(long[] counts) {
        long s = 0;
        for (long c : counts) {
            s = addCount(s, c);
        }
        return s;
    }

    /** Each exemplar in the first bucket whose bound is at or above its value; the last one per bucket wins. */
    private Exemplar[] bucketExemplars(List<OtlpExemplar> list, double[] le, long timeNanos) {
        if (list.isEmpty()) {
            return null;
        }
        Exemplar[] out = new Exemplar[le.length];
        for (OtlpExemplar x : list) {
            int i = 0;
            while (i < le.length - 1 && le[i] < x.value()) {
                i++;
            }
            out[i] = exemplar(x);
        }
        return out;
    }

    private Exemplar lastExemplar(NumberPoint n) {
        List<OtlpExemplar> list = n.exemplars();
        return list == null || list.isEmpty() ? null : exemplar(list.get(list.size() - 1));
    }

    /**
     * {@code trace_id} and {@code span_id} (hex) first; the filtered attributes only when all labels
     * together stay within OpenMetrics' 128 code points, as Prometheus does.
     */
    private Exemplar exemplar(OtlpExemplar x) {
        Labels.Builder b = Labels.builder();
        int runes = 0;
        if (x.traceIdHex() != null && !x.traceIdHex().isEmpty()) {
            b.tryAdd("trace_id", x.traceIdHex());
            runes += "trace_id".length() + x.traceIdHex().length();
        }
        if (x.spanIdHex() != null && !x.spanIdHex().isEmpty()) {
            b.tryAdd("span_id", x.spanIdHex());
            runes += "span_id".length() + x.spanIdHex().length();
        }
        Attributes attrs = x.filteredAttributes() == null ? Attributes.EMPTY : x.filteredAttributes();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < attrs.size(); i++) {
            String name = labelName(attrs.key(i));
            if (name != INVALID) {
                String value = attrs.value(i);
                runes += name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
                extra.add(name);
                extra.add(attrs.value(i));
            }
        }
        if (runes <= EXEMPLAR_RUNES) {
            for (int i = 0; i < extra.size(); i += 2) {
                b.tryAdd(extra.get(i), extra.get(i + 1));
            }
        }
        long ts = x.timeNanos() == 0 ? Metric.NO_TIMESTAMP : Times.millis(x.timeNanos());
        return new Exemplar(b.build(), x.value(), ts);
    }

    /**
     * The series' labels: resource and scope overrides, then the point's attributes (sanitised;
     * colliding names joined), then promoted resource attributes where still free. Null when an
     * attribute name cannot become a label name.
     */
    private Labels labels(Attributes attrs, String[] overrides, String[] promoted, String dropped) {
        Labels.Builder b = addOverrides(overrides);
        int n = attrs == null ? 0 : attrs.size();
        for (int i = 0; i < n; i++) {
            String name = labelName(attrs.key(i));
            if (name == INVALID) {
                return null;
            }
            if (skipped(name, attrs.value(i), dropped, overrides)) {
                continue;
            }
            if (!b.tryAdd(name, attrs.value(i))) {
                return collidingLabels(attrs, overrides, promoted, dropped);
            }
        }
        addPromoted(b, promoted, overrides);
        return b.build();
    }

    private Labels.Builder addOverrides(String[] overrides) {
        Labels.Builder b = builder.clear();
        for (int i = 0; i < overrides.length; i += 2) {
            if (!overrides[i + 1].isEmpty()) {
                b.tryAdd(overrides[i], overrides[i + 1]);
            }
        }
        return b;
    }

    /** Promoted resource attributes, where neither the overrides nor the point set the label. */
    private static void addPromoted(Labels.Builder b, String[] promoted, String[] overrides) {
        for (int i = 0; i < promoted.length; i += 2) {
            if (!isOverridden(promoted[i], overrides)) {
                b.tryAdd(promoted[i], promoted[i + 1]);
            }
        }
    }

    /**
     * The slow path of {@link #labels}: values of colliding names joined with {@code ;} in key order;
     * null when an attribute after the collision has a name that cannot be a label name.
     */
    private Labels collidingLabels(Attributes attrs, String[] overrides, String[] promoted, String dropped) {
        Map<String, TreeMap<String, String>> byName = new LinkedHashMap<>();
        for (int i = 0; i < attrs.size(); i++) {
            String name = labelName(attrs.key(i));
            if (name == INVALID) {
                return null;
            }
            if (!skipped(name, attrs.value(i), dropped, overrides)) {
                byName.computeIfAbsent(name, k -> new TreeMap<>()).merge(attrs.key(i), attrs.value(i),
                        (a, c) -> a + ";" + c);
            }
        }
        rejections.warn(LABEL_NAME_COLLISION);
        Labels.Builder b = addOverrides(overrides);
        byName.forEach((name, values) -> b.tryAdd(name, String.join(";", values.values())));
        addPromoted(b, promoted, overrides);
        return b.build();
    }

    /** An attribute left out: empty (no label), the kind's own label, or set by the resource or scope. */
    private static boolean skipped(String name, String value, String dropped, String[] overrides) {
        return value.isEmpty() || name.equals(dropped) || isOverridden(name, overrides);
    }

    private static boolean isOverridden(String name, String[] overrides) {
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    private String labelName(String key) {
        String name = labelNames.get(key);
        if (name == null) {
            String built = LabelNamer.name(key);
            name = built == null ? INVALID : built;
            labelNames.put(key, name);
        }
        return name;
    }

    /**
     * {@code target_info}: 1, labelled with the resource's attributes other than the identifying
     * {@code service.*} ones (unless kept) plus {@code job} and {@code instance}; only when such an
     * attribute exists, as Prometheus does. Stamped with the resource's latest point time.
     */
    private void addTargetInfo(Attributes resource, String job, String instance, ResourceState state) {
        String[] ids = {"job", job, "instance", instance};
        boolean any = false;
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < resource.size(); i++) {
            String key = resource.key(i);
            boolean identifying = key.equals(SERVICE_NAME) || key.equals(SERVICE_NAMESPACE)
                    || key.equals(SERVICE_INSTANCE_ID);
            if (identifying && !options.keepIdentifyingResourceAttributes()) {
                continue;
            }
            if (!identifying) {
                any = true;
            }
            if (labelName(key) != INVALID) {
                kv.add(key);
                kv.add(resource.value(i));
            }
        }
        if (!any) {
            return;
        }
        Labels labels = labels(Attributes.of(kv.toArray(new String[0])), ids, new String[0], null);
        FamilyBuilder f = state.families.computeIfAbsent(TARGET_INFO,
                n -> new FamilyBuilder(n, MetricType.GAUGE, "Target metadata", null));
        if (f.type == MetricType.GAUGE && labels != null) {
            f.add(new ValueMetric(labels, 1, state.latestMs, Double.NaN, null));
        }
    }
}
