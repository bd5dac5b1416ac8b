package io.ferry.otlp.wire;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The test oracle: what the decoders must produce for a request, read through opentelemetry-proto's
 * generated classes, and a canonical text of a decoded request so two can be compared field by field
 * (arrays by content, doubles by their bits) with a readable difference.
 */
final class OtlpOracle {
    private OtlpOracle() {
    }

    static ExportRequest expected(ExportMetricsServiceRequest r) {
        List<io.ferry.otlp.wire.ResourceMetrics> resources = new ArrayList<>();
        for (ResourceMetrics rm : r.getResourceMetricsList()) {
            List<io.ferry.otlp.wire.ScopeMetrics> scopes = new ArrayList<>();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                List<OtlpMetric> metrics = new ArrayList<>();
                for (Metric m : sm.getMetricsList()) {
                    metrics.add(metric(m));
                }
                scopes.add(new io.ferry.otlp.wire.ScopeMetrics(sm.getScope().getName(), sm.getScope().getVersion(),
                        attributes(sm.getScope().getAttributesList()), metrics));
            }
            resources.add(new io.ferry.otlp.wire.ResourceMetrics(attributes(rm.getResource().getAttributesList()), scopes));
        }
        return new ExportRequest(resources);
    }

    private static OtlpMetric metric(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> new OtlpMetric(m.getName(), m.getDescription(), m.getUnit(), MetricKind.GAUGE,
                    Temporality.UNSPECIFIED, false, m.getGauge().getDataPointsList().stream().map(OtlpOracle::number).toList());
            case SUM -> new OtlpMetric(m.getName(), m.getDescription(), m.getUnit(), MetricKind.SUM,
                    temporality(m.getSum().getAggregationTemporalityValue()), m.getSum().getIsMonotonic(),
                    m.getSum().getDataPointsList().stream().map(OtlpOracle::number).toList());
            case HISTOGRAM -> new OtlpMetric(m.getName(), m.getDescription(), m.getUnit(), MetricKind.HISTOGRAM,
                    temporality(m.getHistogram().getAggregationTemporalityValue()), false,
                    m.getHistogram().getDataPointsList().stream().map(OtlpOracle::histogram).toList());
            case EXPONENTIAL_HISTOGRAM -> new OtlpMetric(m.getName(), m.getDescription(), m.getUnit(),
                    MetricKind.EXPONENTIAL_HISTOGRAM, temporality(m.getExponentialHistogram().getAggregationTemporalityValue()),
                    false, m.getExponentialHistogram().getDataPointsList().stream().map(OtlpOracle::exp).toList());
            case SUMMARY -> new OtlpMetric(m.getName(), m.getDescription(), m.getUnit(), MetricKind.SUMMARY,
                    Temporality.UNSPECIFIED, false, m.getSummary().getDataPointsList().stream().map(OtlpOracle::summary).toList());
            case DATA_NOT_SET -> new OtlpMetric(m.getName(), m.getDescription(), m.getUnit(), MetricKind.EMPTY,
                    Temporality.UNSPECIFIED, false, List.of());
        };
    }

    private static Temporality temporality(int v) {
        return v == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA_VALUE ? Temporality.DELTA
                : v == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE ? Temporality.CUMULATIVE
                : Temporality.UNSPECIFIED;
    }

    private static NumberPoint number(NumberDataPoint p) {
        boolean isInt = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT;
        return new NumberPoint(attributes(p.getAttributesList()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                isInt ? p.getAsInt() : p.getAsDouble(), isInt, isInt ? p.getAsInt() : 0, p.getFlags(),
                exemplars(p.getExemplarsList()));
    }

    private static HistogramPoint histogram(HistogramDataPoint p) {
        return new HistogramPoint(attributes(p.getAttributesList()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                p.getCount(), p.hasSum(), p.getSum(), p.getExplicitBoundsList().stream().mapToDouble(d -> d).toArray(),
                p.getBucketCountsList().stream().mapToLong(l -> l).toArray(), p.hasMin(), p.getMin(), p.hasMax(),
                p.getMax(), p.getFlags(), exemplars(p.getExemplarsList()));
    }

    private static ExpHistogramPoint exp(ExponentialHistogramDataPoint p) {
        return new ExpHistogramPoint(attributes(p.getAttributesList()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                p.getCount(), p.hasSum(), p.getSum(), p.getScale(), p.getZeroCount(), p.getZeroThreshold(),
                p.getPositive().getOffset(), p.getPositive().getBucketCountsList().stream().mapToLong(l -> l).toArray(),
                p.getNegative().getOffset(), p.getNegative().getBucketCountsList().stream().mapToLong(l -> l).toArray(),
                p.getFlags(), exemplars(p.getExemplarsList()));
    }

    private static SummaryPoint summary(SummaryDataPoint p) {
        return new SummaryPoint(attributes(p.getAttributesList()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                p.getCount(), p.getSum(),
                p.getQuantileValuesList().stream().mapToDouble(SummaryDataPoint.ValueAtQuantile::getQuantile).toArray(),
                p.getQuantileValuesList().stream().mapToDouble(SummaryDataPoint.ValueAtQuantile::getValue).toArray(),
                p.getFlags());
    }

    private static List<OtlpExemplar> exemplars(List<Exemplar> list) {
        List<OtlpExemplar> out = new ArrayList<>();
        for (Exemplar e : list) {
            double value = e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble();
            out.add(new OtlpExemplar(attributes(e.getFilteredAttributesList()), e.getTimeUnixNano(), value,
                    HexFormat.of().formatHex(e.getTraceId().toByteArray()),
                    HexFormat.of().formatHex(e.getSpanId().toByteArray())));
        }
        return out;
    }

    static Attributes attributes(List<KeyValue> list) {
        String[] kv = new String[list.size() * 2];
        for (int i = 0; i < list.size(); i++) {
            kv[2 * i] = list.get(i).getKey();
            kv[2 * i + 1] = AnyValues.render(raw(list.get(i).getValue()));
        }
        return Attributes.of(kv);
    }

    /** The raw value {@link AnyValues} renders; its rendering has tests of its own. */
    static Object raw(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BYTES_VALUE -> v.getBytesValue().toByteArray();
            case ARRAY_VALUE -> new AnyValues.RawArray(
                    new ArrayList<>(v.getArrayValue().getValuesList().stream().map(OtlpOracle::raw).toList()));
            case KVLIST_VALUE -> {
                List<Object> kv = new ArrayList<>();
                for (KeyValue e : v.getKvlistValue().getValuesList()) {
                    kv.add(e.getKey());
                    kv.add(raw(e.getValue()));
                }
                yield new AnyValues.RawKeyValues(kv);
            }
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> null;
        };
    }

    /** One line per element, arrays spelled out and doubles by their bits, for equality and diffs. */
    static String describe(ExportRequest r) {
        StringBuilder sb = new StringBuilder();
        for (var rm : r.resources()) {
            sb.append("resource ").append(rm.resource()).append('\n');
            for (var sm : rm.scopes()) {
                sb.append(" scope ").append(sm.name()).append(' ').append(sm.version()).append(' ')
                        .append(sm.attributes()).append('\n');
                for (OtlpMetric m : sm.metrics()) {
                    sb.append("  metric ").append(m.name()).append('|').append(m.description()).append('|')
                            .append(m.unit()).append(' ').append(m.kind()).append(' ').append(m.temporality())
                            .append(m.monotonic() ? " monotonic" : "").append('\n');
                    for (DataPoint p : m.points()) {
                        sb.append("   ").append(point(p)).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    /** {@link #describe}, with every NaN alike: JSON's "NaN" carries no payload bits. */
    static String describeForJson(ExportRequest r) {
        return describe(r).replaceAll("NaN/[0-9a-f]+", "NaN");
    }

    private static String point(DataPoint p) {
        String common = p.attributes() + " " + p.startTimeNanos() + " " + p.timeNanos() + " flags=" + p.flags();
        return switch (p) {
            case NumberPoint n -> "number " + common + " " + bits(n.value()) + (n.isInt() ? " int " + n.intValue() : "")
                    + describeExemplars(n.exemplars());
            case HistogramPoint h -> "histogram " + common + " count=" + h.count() + " sum=" + opt(h.hasSum(), h.sum())
                    + " bounds=" + bits(h.bounds()) + " counts=" + Arrays.toString(h.bucketCounts())
                    + " min=" + opt(h.hasMin(), h.min()) + " max=" + opt(h.hasMax(), h.max()) + describeExemplars(h.exemplars());
            case ExpHistogramPoint e -> "exp " + common + " count=" + e.count() + " sum=" + opt(e.hasSum(), e.sum())
                    + " scale=" + e.scale() + " zero=" + e.zeroCount() + "@" + bits(e.zeroThreshold())
                    + " +" + e.positiveOffset() + Arrays.toString(e.positive())
                    + " -" + e.negativeOffset() + Arrays.toString(e.negative()) + describeExemplars(e.exemplars());
            case SummaryPoint s -> "summary " + common + " count=" + s.count() + " sum=" + bits(s.sum())
                    + " q=" + bits(s.quantiles()) + " v=" + bits(s.values());
        };
    }

    private static String describeExemplars(List<OtlpExemplar> list) {
        StringBuilder sb = new StringBuilder();
        for (OtlpExemplar e : list) {
            sb.append(" ex(").append(e.filteredAttributes()).append(' ').append(e.timeNanos()).append(' ')
                    .append(bits(e.value())).append(' ').append(e.traceIdHex()).append(' ').append(e.spanIdHex())
                    .append(')');
        }
        return sb.toString();
    }

    private static String opt(boolean has, double v) {
        return has ? bits(v) : "unset";
    }

    private static String bits(double v) {
        return v + "/" + Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static String bits(double[] a) {
        StringBuilder sb = new StringBuilder("[");
        for (double d : a) {
            sb.append(bits(d)).append(',');
        }
        return sb.append(']').toString();
    }
}
