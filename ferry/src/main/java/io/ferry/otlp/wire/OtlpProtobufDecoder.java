package io.ferry.otlp.wire;

import io.ferry.otlp.wire.AnyValues.RawArray;
import io.ferry.otlp.wire.AnyValues.RawKeyValues;
import io.ferry.wire.ProtoWire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Decodes a binary protobuf {@code ExportMetricsServiceRequest} (OTLP/HTTP's
 * {@code application/x-protobuf} body, OTLP/gRPC's message) straight into {@link ExportRequest},
 * without generated message classes.
 *
 * <pre>{@code
 * try {
 *     ExportRequest request = OtlpProtobufDecoder.decode(body, 0, body.length);
 * } catch (OtlpDecodeException e) {
 *     // 400 / INVALID_ARGUMENT with e.getMessage(), e.g.
 *     // "resource_metrics[0].scope_metrics[0].metrics[2].sum at 181: length 4000 runs past the end ..."
 * }
 * }</pre>
 *
 * <p>As protobuf requires, fields may come in any order, unknown fields (groups included) are
 * skipped, and repeated scalars are read packed or unpacked. Stricter than protobuf's generated
 * parsers, which skip a known field with the wrong wire type as if it were unknown: here that is an
 * error, as are truncation, lengths running past their enclosing message, malformed varints, strings
 * that are not UTF-8 and nesting deeper than {@value #MAX_DEPTH} messages. A singular field sent twice
 * keeps the last (protobuf would merge two copies of a message field; no encoder writes them).
 *
 * <p>Stateless and thread-safe: each call uses its own scratch state. The input array is not kept
 * and may be reused once the call returns.
 */
public final class OtlpProtobufDecoder {
    /** Messages nested deeper than this (only attribute values can nest) are refused. */
    public static final int MAX_DEPTH = 64;

    private static final int VARINT = ProtoWire.VARINT;
    private static final int FIXED64 = ProtoWire.FIXED64;
    private static final int LEN = ProtoWire.LEN;
    private static final int START_GROUP = ProtoWire.START_GROUP;
    private static final int END_GROUP = ProtoWire.END_GROUP;
    private static final int FIXED32 = ProtoWire.FIXED32;

    // Each message's declared fields: the wire type of field n at index n, -1 where none is declared.
    private static final byte[] REQUEST = fields(1, LEN);
    private static final byte[] RESOURCE_METRICS = fields(1, LEN, 2, LEN, 3, LEN);
    private static final byte[] RESOURCE = fields(1, LEN, 2, VARINT, 3, LEN);
    private static final byte[] SCOPE_METRICS = fields(1, LEN, 2, LEN, 3, LEN);
    private static final byte[] SCOPE = fields(1, LEN, 2, LEN, 3, LEN, 4, VARINT);
    private static final byte[] METRIC = fields(1, LEN, 2, LEN, 3, LEN, 5, LEN, 7, LEN, 9, LEN, 10, LEN, 11, LEN,
            12, LEN);
    private static final byte[] GAUGE = fields(1, LEN);
    private static final byte[] SUM = fields(1, LEN, 2, VARINT, 3, VARINT);
    private static final byte[] HISTOGRAM = fields(1, LEN, 2, VARINT);
    private static final byte[] NUMBER_POINT = fields(2, FIXED64, 3, FIXED64, 4, FIXED64, 5, LEN, 6, FIXED64, 7, LEN,
            8, VARINT);
    private static final byte[] HISTOGRAM_POINT = fields(2, FIXED64, 3, FIXED64, 4, FIXED64, 5, FIXED64, 6, FIXED64,
            7, FIXED64, 8, LEN, 9, LEN, 10, VARINT, 11, FIXED64, 12, FIXED64);
    private static final byte[] EXP_POINT = fields(1, LEN, 2, FIXED64, 3, FIXED64, 4, FIXED64, 5, FIXED64, 6, VARINT,
            7, FIXED64, 8, LEN, 9, LEN, 10, VARINT, 11, LEN, 12, FIXED64, 13, FIXED64, 14, FIXED64);
    private static final byte[] BUCKETS = fields(1, VARINT, 2, VARINT);
    private static final byte[] SUMMARY_POINT = fields(2, FIXED64, 3, FIXED64, 4, FIXED64, 5, FIXED64, 6, LEN, 7, LEN,
            8, VARINT);
    private static final byte[] QUANTILE = fields(1, FIXED64, 2, FIXED64);
    private static final byte[] EXEMPLAR = fields(2, FIXED64, 3, FIXED64, 4, LEN, 5, LEN, 6, FIXED64, 7, LEN);
    private static final byte[] KEY_VALUE = fields(1, LEN, 2, LEN, 3, VARINT);
    private static final byte[] ANY_VALUE = fields(1, LEN, 2, VARINT, 3, VARINT, 4, FIXED64, 5, LEN, 6, LEN, 7, LEN,
            8, VARINT);
    private static final byte[] VALUES = fields(1, LEN);
    private static final byte[] ENTITY_REF = fields(1, LEN, 2, LEN, 3, LEN, 4, LEN);

    private static final HexFormat HEX = HexFormat.of();
    private static final double[] NO_DOUBLES = new double[0];
    private static final long[] NO_LONGS = new long[0];

    private final byte[] buf;
    private final int base;
    private int pos;
    private int limit;
    private int fieldStart;

    private final FieldPath path = new FieldPath();
    private int depth; // path's, plus groups being skipped

    private final StringCache strings = new StringCache();
    // Attributes of the message being read; exemplars' apart, as they interleave with their point's.
    private final AttributeScratch attrs = new AttributeScratch();
    private final AttributeScratch exemplarAttrs = new AttributeScratch();
    private final AttributeScratch unused = new AttributeScratch();
    private double[] doubleScratch = new double[32];
    private long[] longScratch = new long[32];

    private OtlpProtobufDecoder(byte[] buf, int off, int len) {
        this.buf = buf;
        this.base = off;
        this.pos = off;
        this.limit = off + len;
    }

    /** Decodes {@code buf[off, off + len)}. */
    public static ExportRequest decode(byte[] buf, int off, int len) throws OtlpDecodeException {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        OtlpProtobufDecoder d = new OtlpProtobufDecoder(buf, off, len);
        try {
            return d.request();
        } catch (DecodeFailure f) {
            throw new OtlpDecodeException(d.path.toString(), f.position - off, f.getMessage());
        }
    }

    // ---- Messages

    private ExportRequest request() {
        List<ResourceMetrics> resources = new ArrayList<>();
        while (pos < limit) {
            int tag = tag();
            if (tag == (1 << 3 | LEN)) {
                int outer = enter("resource_metrics", resources.size());
                resources.add(resourceMetrics());
                leave(outer);
            } else {
                skip(tag, REQUEST);
            }
        }
        return new ExportRequest(resources);
    }

    private ResourceMetrics resourceMetrics() {
        Attributes resource = Attributes.EMPTY;
        List<ScopeMetrics> scopes = new ArrayList<>();
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | LEN -> {
                    int outer = enter("resource", -1);
                    resource = resource();
                    leave(outer);
                }
                case 2 << 3 | LEN -> {
                    int outer = enter("scope_metrics", scopes.size());
                    scopes.add(scopeMetrics());
                    leave(outer);
                }
                case 3 << 3 | LEN -> string(); // schema_url: checked as protobuf checks strings, not kept
                default -> skip(tag, RESOURCE_METRICS);
            }
        }
        return new ResourceMetrics(resource, scopes);
    }

    private Attributes resource() {
        while (pos < limit) {
            int tag = tag();
            if (tag == (1 << 3 | LEN)) {
                keyValue("attributes", attrs);
            } else if (tag == (3 << 3 | LEN)) {
                entityRef();
            } else {
                skip(tag, RESOURCE);
            }
        }
        return attrs.take();
    }

    /** An {@code EntityRef}, not kept: read to check its strings as protobuf does. */
    private void entityRef() {
        int outer = enter("entity_refs", -1);
        while (pos < limit) {
            int tag = tag();
            if ((tag & 7) == LEN && (tag >>> 3) >= 1 && (tag >>> 3) <= 4) {
                string();
            } else {
                skip(tag, ENTITY_REF);
            }
        }
        leave(outer);
    }

    private ScopeMetrics scopeMetrics() {
        String name = "";
        String version = "";
        Attributes attributes = Attributes.EMPTY;
        List<OtlpMetric> metrics = new ArrayList<>();
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | LEN -> {
                    int outer = enter("scope", -1);
                    name = "";
                    version = "";
                    while (pos < limit) {
                        int t = tag();
                        switch (t) {
                            case 1 << 3 | LEN -> name = string();
                            case 2 << 3 | LEN -> version = string();
                            case 3 << 3 | LEN -> keyValue("attributes", attrs);
                            default -> skip(t, SCOPE);
                        }
                    }
                    attributes = attrs.take();
                    leave(outer);
                }
                case 2 << 3 | LEN -> {
                    int outer = enter("metrics", metrics.size());
                    metrics.add(metric());
                    leave(outer);
                }
                case 3 << 3 | LEN -> string(); // schema_url
                default -> skip(tag, SCOPE_METRICS);
            }
        }
        return new ScopeMetrics(name, version, attributes, metrics);
    }

    private OtlpMetric metric() {
        String name = "";
        String description = "";
        String unit = "";
        MetricKind kind = MetricKind.EMPTY;
        Data data = Data.NONE;
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | LEN -> name = string();
                case 2 << 3 | LEN -> description = string();
                case 3 << 3 | LEN -> unit = string();
                case 5 << 3 | LEN, 7 << 3 | LEN, 9 << 3 | LEN, 10 << 3 | LEN, 11 << 3 | LEN -> {
                    kind = dataKind(tag >>> 3); // the oneof: the last data field wins
                    data = data(kind);
                }
                case 12 << 3 | LEN -> {
                    keyValue("metadata", unused); // read only to refuse what protobuf refuses
                    unused.take();
                }
                default -> skip(tag, METRIC);
            }
        }
        return new OtlpMetric(name, description, unit, kind, data.temporality, data.monotonic, data.points);
    }

    /** A metric's data field: Gauge, Sum, Histogram, ExponentialHistogram or Summary. */
    private record Data(Temporality temporality, boolean monotonic, List<DataPoint> points) {
        static final Data NONE = new Data(Temporality.UNSPECIFIED, false, List.of());
    }

    /** The .proto's name of each kind's data field, for error paths. */
    private static final String[] DATA_FIELD_NAMES = {"gauge", "sum", "histogram", "exponential_histogram", "summary", ""};

    private static MetricKind dataKind(int field) {
        return switch (field) {
            case 5 -> MetricKind.GAUGE;
            case 7 -> MetricKind.SUM;
            case 9 -> MetricKind.HISTOGRAM;
            case 10 -> MetricKind.EXPONENTIAL_HISTOGRAM;
            default -> MetricKind.SUMMARY;
        };
    }

    private Data data(MetricKind kind) {
        int outer = enter(DATA_FIELD_NAMES[kind.ordinal()], -1);
        Temporality temporality = Temporality.UNSPECIFIED;
        boolean monotonic = false;
        List<DataPoint> points = new ArrayList<>();
        boolean hasTemporality = kind == MetricKind.SUM || kind == MetricKind.HISTOGRAM
                || kind == MetricKind.EXPONENTIAL_HISTOGRAM;
        while (pos < limit) {
            int tag = tag();
            if (tag == (1 << 3 | LEN)) {
                int o = enter("data_points", points.size());
                points.add(switch (kind) {
                    case GAUGE, SUM -> numberPoint();
                    case HISTOGRAM -> histogramPoint();
                    case EXPONENTIAL_HISTOGRAM -> expHistogramPoint();
                    case SUMMARY -> summaryPoint();
                    case EMPTY -> throw new AssertionError();
                });
                leave(o);
            } else if (tag == (2 << 3 | VARINT) && hasTemporality) {
                temporality = temporality(varint());
            } else if (tag == (3 << 3 | VARINT) && kind == MetricKind.SUM) {
                monotonic = varint() != 0;
            } else {
                skip(tag, kind == MetricKind.SUM ? SUM : hasTemporality ? HISTOGRAM : GAUGE);
            }
        }
        leave(outer);
        return new Data(temporality, monotonic, points);
    }

    private static Temporality temporality(long v) {
        return v == 1 ? Temporality.DELTA : v == 2 ? Temporality.CUMULATIVE : Temporality.UNSPECIFIED;
    }

    private NumberPoint numberPoint() {
        long start = 0;
        long time = 0;
        double value = 0;
        boolean isInt = false;
        long intValue = 0;
        int flags = 0;
        List<OtlpExemplar> exemplars = List.of();
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 7 << 3 | LEN -> keyValue("attributes", attrs);
                case 2 << 3 | FIXED64 -> start = fixed64();
                case 3 << 3 | FIXED64 -> time = fixed64();
                case 4 << 3 | FIXED64 -> {
                    value = Double.longBitsToDouble(fixed64());
                    isInt = false;
                    intValue = 0;
                }
                case 6 << 3 | FIXED64 -> {
                    intValue = fixed64();
                    value = intValue;
                    isInt = true;
                }
                case 5 << 3 | LEN -> exemplars = exemplar(exemplars);
                case 8 << 3 | VARINT -> flags = (int) varint();
                default -> skip(tag, NUMBER_POINT);
            }
        }
        return new NumberPoint(attrs.take(), start, time, value, isInt, intValue, flags, exemplars);
    }

    private HistogramPoint histogramPoint() {
        long start = 0;
        long time = 0;
        long count = 0;
        boolean hasSum = false;
        double sum = 0;
        int counts = 0;
        int bounds = 0;
        boolean hasMin = false;
        double min = 0;
        boolean hasMax = false;
        double max = 0;
        int flags = 0;
        List<OtlpExemplar> exemplars = List.of();
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 9 << 3 | LEN -> keyValue("attributes", attrs);
                case 2 << 3 | FIXED64 -> start = fixed64();
                case 3 << 3 | FIXED64 -> time = fixed64();
                case 4 << 3 | FIXED64 -> count = fixed64();
                case 5 << 3 | FIXED64 -> {
                    hasSum = true;
                    sum = Double.longBitsToDouble(fixed64());
                }
                case 6 << 3 | FIXED64 -> {
                    longScratch = grow(longScratch, counts);
                    longScratch[counts++] = fixed64();
                }
                case 6 << 3 | LEN -> counts = packedFixed64("bucket_counts", counts);
                case 7 << 3 | FIXED64 -> {
                    doubleScratch = grow(doubleScratch, bounds);
                    doubleScratch[bounds++] = Double.longBitsToDouble(fixed64());
                }
                case 7 << 3 | LEN -> bounds = packedDoubles("explicit_bounds", bounds);
                case 8 << 3 | LEN -> exemplars = exemplar(exemplars);
                case 10 << 3 | VARINT -> flags = (int) varint();
                case 11 << 3 | FIXED64 -> {
                    hasMin = true;
                    min = Double.longBitsToDouble(fixed64());
                }
                case 12 << 3 | FIXED64 -> {
                    hasMax = true;
                    max = Double.longBitsToDouble(fixed64());
                }
                default -> skip(tag, HISTOGRAM_POINT);
            }
        }
        // The scratch arrays are shared; copy out before reading exemplars of the next point.
        long[] bucketCounts = counts == 0 ? NO_LONGS : Arrays.copyOf(longScratch, counts);
        double[] explicitBounds = bounds == 0 ? NO_DOUBLES : Arrays.copyOf(doubleScratch, bounds);
        return new HistogramPoint(attrs.take(), start, time, count, hasSum, sum, explicitBounds, bucketCounts,
                hasMin, min, hasMax, max, flags, exemplars);
    }

    private ExpHistogramPoint expHistogramPoint() {
        long start = 0;
        long time = 0;
        long count = 0;
        boolean hasSum = false;
        double sum = 0;
        int scale = 0;
        long zeroCount = 0;
        double zeroThreshold = 0;
        int positiveOffset = 0;
        long[] positive = NO_LONGS;
        int negativeOffset = 0;
        long[] negative = NO_LONGS;
        int flags = 0;
        List<OtlpExemplar> exemplars = List.of();
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | LEN -> keyValue("attributes", attrs);
                case 2 << 3 | FIXED64 -> start = fixed64();
                case 3 << 3 | FIXED64 -> time = fixed64();
                case 4 << 3 | FIXED64 -> count = fixed64();
                case 5 << 3 | FIXED64 -> {
                    hasSum = true;
                    sum = Double.longBitsToDouble(fixed64());
                }
                case 6 << 3 | VARINT -> scale = zigzag32(varint());
                case 7 << 3 | FIXED64 -> zeroCount = fixed64();
                case 8 << 3 | LEN -> {
                    int outer = enter("positive", -1);
                    positiveOffset = bucketsOffset();
                    positive = bucketCounts;
                    leave(outer);
                }
                case 9 << 3 | LEN -> {
                    int outer = enter("negative", -1);
                    negativeOffset = bucketsOffset();
                    negative = bucketCounts;
                    leave(outer);
                }
                case 10 << 3 | VARINT -> flags = (int) varint();
                case 11 << 3 | LEN -> exemplars = exemplar(exemplars);
                case 12 << 3 | FIXED64, 13 << 3 | FIXED64 -> fixed64(); // min and max: no use in Prometheus' model
                case 14 << 3 | FIXED64 -> zeroThreshold = Double.longBitsToDouble(fixed64());
                default -> skip(tag, EXP_POINT);
            }
        }
        return new ExpHistogramPoint(attrs.take(), start, time, count, hasSum, sum, scale, zeroCount, zeroThreshold,
                positiveOffset, positive, negativeOffset, negative, flags, exemplars);
    }

    private long[] bucketCounts;

    /** Reads a {@code Buckets} message: returns the offset, leaves the counts in {@link #bucketCounts}. */
    private int bucketsOffset() {
        int offset = 0;
        int counts = 0;
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | VARINT -> offset = zigzag32(varint());
                case 2 << 3 | VARINT -> {
                    longScratch = grow(longScratch, counts);
                    longScratch[counts++] = varint();
                }
                case 2 << 3 | LEN -> counts = packedVarints("bucket_counts", counts);
                default -> skip(tag, BUCKETS);
            }
        }
        bucketCounts = counts == 0 ? NO_LONGS : Arrays.copyOf(longScratch, counts);
        return offset;
    }

    private SummaryPoint summaryPoint() {
        long start = 0;
        long time = 0;
        long count = 0;
        double sum = 0;
        int quantiles = 0;
        int flags = 0;
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 7 << 3 | LEN -> keyValue("attributes", attrs);
                case 2 << 3 | FIXED64 -> start = fixed64();
                case 3 << 3 | FIXED64 -> time = fixed64();
                case 4 << 3 | FIXED64 -> count = fixed64();
                case 5 << 3 | FIXED64 -> sum = Double.longBitsToDouble(fixed64());
                case 6 << 3 | LEN -> {
                    int outer = enter("quantile_values", quantiles);
                    double q = 0;
                    double v = 0;
                    while (pos < limit) {
                        int t = tag();
                        switch (t) {
                            case 1 << 3 | FIXED64 -> q = Double.longBitsToDouble(fixed64());
                            case 2 << 3 | FIXED64 -> v = Double.longBitsToDouble(fixed64());
                            default -> skip(t, QUANTILE);
                        }
                    }
                    leave(outer);
                    doubleScratch = grow(doubleScratch, 2 * quantiles + 1);
                    doubleScratch[2 * quantiles] = q;
                    doubleScratch[2 * quantiles + 1] = v;
                    quantiles++;
                }
                case 8 << 3 | VARINT -> flags = (int) varint();
                default -> skip(tag, SUMMARY_POINT);
            }
        }
        double[] qs = new double[quantiles];
        double[] vs = new double[quantiles];
        for (int i = 0; i < quantiles; i++) {
            qs[i] = doubleScratch[2 * i];
            vs[i] = doubleScratch[2 * i + 1];
        }
        return new SummaryPoint(attrs.take(), start, time, count, sum, qs, vs, flags);
    }

    /** Reads one exemplar and returns {@code list} with it appended (a new list for the first). */
    private List<OtlpExemplar> exemplar(List<OtlpExemplar> list) {
        List<OtlpExemplar> out = list.isEmpty() ? new ArrayList<>(2) : list;
        int outer = enter("exemplars", out.size());
        long time = 0;
        double value = 0;
        String spanId = "";
        String traceId = "";
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 7 << 3 | LEN -> keyValue("filtered_attributes", exemplarAttrs);
                case 2 << 3 | FIXED64 -> time = fixed64();
                case 3 << 3 | FIXED64 -> value = Double.longBitsToDouble(fixed64());
                case 6 << 3 | FIXED64 -> value = fixed64();
                case 4 << 3 | LEN -> spanId = hex();
                case 5 << 3 | LEN -> traceId = hex();
                default -> skip(tag, EXEMPLAR);
            }
        }
        leave(outer);
        out.add(new OtlpExemplar(exemplarAttrs.take(), time, value, traceId, spanId));
        return out;
    }

    // ---- Attributes

    /** Reads one {@code KeyValue} into {@code into}. */
    private void keyValue(String field, AttributeScratch into) {
        int outer = enter(field, into.size());
        String key = "";
        Object value = null;
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | LEN -> key = string();
                case 2 << 3 | LEN -> {
                    int o = enter("value", -1);
                    value = anyValue();
                    leave(o);
                }
                case 3 << 3 | VARINT -> varint(); // key_strindex: profiles only
                default -> skip(tag, KEY_VALUE);
            }
        }
        leave(outer);
        into.add(key, value instanceof String str ? str : AnyValues.render(value));
    }

    /** An {@code AnyValue} as a raw value of {@link AnyValues}; the last of its oneof wins. */
    private Object anyValue() {
        Object value = null;
        while (pos < limit) {
            int tag = tag();
            switch (tag) {
                case 1 << 3 | LEN -> value = string();
                case 2 << 3 | VARINT -> value = varint() != 0 ? Boolean.TRUE : Boolean.FALSE;
                case 3 << 3 | VARINT -> value = varint();
                case 4 << 3 | FIXED64 -> value = Double.longBitsToDouble(fixed64());
                case 5 << 3 | LEN -> {
                    int outer = enter("array_value", -1);
                    List<Object> values = AnyValues.newList();
                    while (pos < limit) {
                        int t = tag();
                        if (t == (1 << 3 | LEN)) {
                            int o = enter("values", values.size());
                            values.add(anyValue());
                            leave(o);
                        } else {
                            skip(t, VALUES);
                        }
                    }
                    leave(outer);
                    value = new RawArray(values);
                }
                case 6 << 3 | LEN -> {
                    int outer = enter("kvlist_value", -1);
                    List<Object> kv = AnyValues.newList();
                    while (pos < limit) {
                        int t = tag();
                        if (t == (1 << 3 | LEN)) {
                            int o = enter("values", kv.size() >> 1);
                            String key = "";
                            Object v = null;
                            while (pos < limit) {
                                int t2 = tag();
                                switch (t2) {
                                    case 1 << 3 | LEN -> key = string();
                                    case 2 << 3 | LEN -> {
                                        int o2 = enter("value", -1);
                                        v = anyValue();
                                        leave(o2);
                                    }
                                    case 3 << 3 | VARINT -> varint();
                                    default -> skip(t2, KEY_VALUE);
                                }
                            }
                            leave(o);
                            kv.add(key);
                            kv.add(v);
                        } else {
                            skip(t, VALUES);
                        }
                    }
                    leave(outer);
                    value = new RawKeyValues(kv);
                }
                case 7 << 3 | LEN -> value = bytes();
                case 8 << 3 | VARINT -> varint(); // string_value_strindex: profiles only, ignored
                default -> skip(tag, ANY_VALUE);
            }
        }
        return value;
    }

    // ---- Packed repeated scalars

    private int packedFixed64(String field, int n) {
        int end = lengthEnd(field);
        if ((end - pos) % 8 != 0) {
            throw fail("packed " + field + " of " + (end - pos) + " bytes is not a whole number of 8-byte values");
        }
        longScratch = grow(longScratch, n + (end - pos) / 8);
        while (pos < end) {
            longScratch[n++] = fixed64();
        }
        return n;
    }

    private int packedDoubles(String field, int n) {
        int end = lengthEnd(field);
        if ((end - pos) % 8 != 0) {
            throw fail("packed " + field + " of " + (end - pos) + " bytes is not a whole number of 8-byte values");
        }
        doubleScratch = grow(doubleScratch, n + (end - pos) / 8);
        while (pos < end) {
            doubleScratch[n++] = Double.longBitsToDouble(fixed64());
        }
        return n;
    }

    private int packedVarints(String field, int n) {
        int end = lengthEnd(field);
        int outer = limit;
        limit = end;
        while (pos < end) {
            longScratch = grow(longScratch, n);
            longScratch[n++] = varint();
        }
        limit = outer;
        return n;
    }

    // ---- Wire primitives

    /** Reads a tag, remembering where its field starts; field number 0 is malformed. */
    private int tag() {
        fieldStart = pos;
        long tag = varint();
        if (tag >>> 3 == 0 || tag > 0xFFFFFFFFL) {
            throw failAt(fieldStart, "invalid tag " + tag);
        }
        return (int) tag;
    }

    private long varint() {
        int p = pos;
        if (p < limit) {
            byte b = buf[p];
            if (b >= 0) {
                pos = p + 1;
                return b;
            }
        }
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p >= limit) {
                throw failAt(p, "truncated: a varint runs past the end of its message");
            }
            byte b = buf[p++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw failAt(p - 1, "malformed varint (longer than 64 bits)");
            }
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                pos = p;
                return value;
            }
        }
        throw failAt(p, "malformed varint (longer than 10 bytes)");
    }

    private long fixed64() {
        int p = pos;
        if (limit - p < 8) {
            throw failAt(p, "truncated: a 64-bit value runs past the end of its message");
        }
        pos = p + 8;
        return (buf[p] & 0xFFL) | (buf[p + 1] & 0xFFL) << 8 | (buf[p + 2] & 0xFFL) << 16
                | (buf[p + 3] & 0xFFL) << 24 | (buf[p + 4] & 0xFFL) << 32 | (buf[p + 5] & 0xFFL) << 40
                | (buf[p + 6] & 0xFFL) << 48 | (buf[p + 7] & 0xFFL) << 56;
    }

    private static int zigzag32(long v) {
        int n = (int) v;
        return (n >>> 1) ^ -(n & 1);
    }

    /** Reads a length prefix and returns where the field ends, checked against the enclosing limit. */
    private int lengthEnd(String field) {
        long length = varint();
        if (length < 0 || length > limit - pos) {
            throw failAt(fieldStart, "length " + Long.toUnsignedString(length) + " of " + field
                    + " runs past the end of its message (" + (limit - pos) + " bytes left)");
        }
        return pos + (int) length;
    }

    private String string() {
        int end = lengthEnd("a string");
        int start = pos;
        pos = end;
        return strings.get(buf, start, end, this);
    }

    private byte[] bytes() {
        int end = lengthEnd("bytes");
        byte[] b = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return b;
    }

    private String hex() {
        int end = lengthEnd("an id");
        String s = pos == end ? "" : HEX.formatHex(buf, pos, end);
        pos = end;
        return s;
    }

    /** Enters an embedded message: returns the enclosing limit, which {@link #leave} restores. */
    private int enter(String name, int index) {
        int end = lengthEnd(name);
        if (depth == MAX_DEPTH) {
            throw failAt(fieldStart, "nested deeper than " + MAX_DEPTH + " messages");
        }
        path.push(name, index);
        depth++;
        int outer = limit;
        limit = end;
        return outer;
    }

    private void leave(int outer) {
        path.pop();
        depth--;
        limit = outer;
    }

    /**
     * Skips a field the decoder does not read: unknown to {@code declared} (the message's field table),
     * or declared and unused (such as {@code schema_url}). A declared field with another wire type
     * than its declaration's is an error.
     */
    private void skip(int tag, byte[] declared) {
        int field = tag >>> 3;
        int wireType = tag & 7;
        if (field < declared.length && declared[field] >= 0 && declared[field] != wireType) {
            throw failAt(fieldStart, "field " + field + " has wire type " + wireType + ", but is declared with wire type "
                    + declared[field]);
        }
        skipValue(field, wireType);
    }

    private static byte[] fields(int... numbersAndWireTypes) {
        int max = 0;
        for (int i = 0; i < numbersAndWireTypes.length; i += 2) {
            max = Math.max(max, numbersAndWireTypes[i]);
        }
        byte[] table = new byte[max + 1];
        Arrays.fill(table, (byte) -1);
        for (int i = 0; i < numbersAndWireTypes.length; i += 2) {
            table[numbersAndWireTypes[i]] = (byte) numbersAndWireTypes[i + 1];
        }
        return table;
    }

    private void skipValue(int field, int wireType) {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> fixed64();
            case LEN -> pos = lengthEnd("field " + field);
            case FIXED32 -> {
                if (limit - pos < 4) {
                    throw failAt(pos, "truncated: a 32-bit value runs past the end of its message");
                }
                pos += 4;
            }
            case START_GROUP -> skipGroup(field);
            case END_GROUP -> throw failAt(fieldStart, "end-group tag for field " + field + " without a start");
            default -> throw failAt(fieldStart, "unknown wire type " + wireType + " in field " + field);
        }
    }

    /** Skips a group up to its end tag; nested groups count towards the depth limit. */
    private void skipGroup(int field) {
        int groupStart = fieldStart;
        if (++depth > MAX_DEPTH) {
            throw failAt(groupStart, "nested deeper than " + MAX_DEPTH + " messages");
        }
        while (true) {
            if (pos >= limit) {
                throw failAt(groupStart, "truncated: group " + field + " is not closed");
            }
            int tag = tag();
            int f = tag >>> 3;
            if ((tag & 7) == END_GROUP) {
                if (f != field) {
                    throw failAt(fieldStart, "end-group tag for field " + f + " does not match its start " + field);
                }
                depth--;
                return;
            }
            skipValue(f, tag & 7);
        }
    }

    private static double[] grow(double[] a, int index) {
        return index < a.length ? a : Arrays.copyOf(a, Math.max(a.length * 2, index + 1));
    }

    private static long[] grow(long[] a, int index) {
        return index < a.length ? a : Arrays.copyOf(a, Math.max(a.length * 2, index + 1));
    }

    // ---- Errors

    private DecodeFailure fail(String reason) {
        return new DecodeFailure(reason, fieldStart);
    }

    DecodeFailure failAt(int position, String reason) {
        return new DecodeFailure(reason, position);
    }

    /** Keys and values being collected for one {@link Attributes}; reused from message to message. */
    private static final class AttributeScratch {
        private String[] keysAndValues = new String[32];
        private int length;

        int size() {
            return length >> 1;
        }

        void add(String key, String value) {
            if (length + 2 > keysAndValues.length) {
                keysAndValues = Arrays.copyOf(keysAndValues, keysAndValues.length * 2);
            }
            keysAndValues[length++] = key;
            keysAndValues[length++] = value;
        }

        /** The attributes collected, which then start again from none. */
        Attributes take() {
            int n = length;
            length = 0;
            return n == 0 ? Attributes.EMPTY : Attributes.wrap(Arrays.copyOf(keysAndValues, n), n);
        }
    }

    /**
     * Strings of one request, decoded once: attribute keys and values repeat across points, so a hit
     * costs a hash and a byte comparison instead of a new String. Short strings only.
     */
    private static final class StringCache {
        private static final int MAX_CACHED = 64;
        private static final int SLOTS = 1024; // a power of two

        private final int[] starts = new int[SLOTS];
        private final int[] lengths = new int[SLOTS];
        private final String[] values = new String[SLOTS];

        String get(byte[] buf, int start, int end, OtlpProtobufDecoder d) {
            int length = end - start;
            if (length == 0) {
                return "";
            }
            if (length > MAX_CACHED) {
                return decode(buf, start, end, d);
            }
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + buf[i];
            }
            int slot = (h ^ h >>> 16) & (SLOTS - 1);
            String cached = values[slot];
            int s = starts[slot];
            if (cached != null && lengths[slot] == length && Arrays.equals(buf, s, s + length, buf, start, end)) {
                return cached;
            }
            String value = decode(buf, start, end, d);
            values[slot] = value;
            starts[slot] = start;
            lengths[slot] = length;
            return value;
        }

        private static String decode(byte[] buf, int start, int end, OtlpProtobufDecoder d) {
            for (int i = start; i < end; i++) {
                if (buf[i] < 0) {
                    if (!Utf8.valid(buf, i, end)) {
                        throw d.failAt(start, "a string is not valid UTF-8");
                    }
                    return new String(buf, start, end - start, StandardCharsets.UTF_8);
                }
            }
            return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }
    }
}
