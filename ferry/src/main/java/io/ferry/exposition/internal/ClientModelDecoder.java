package io.ferry.exposition.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ParseLimits;
import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricNames;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes varint-delimited {@code io.prometheus.client.MetricFamily} messages straight from a
 * {@link CodedInputStream} into the model, without building generated message objects. The
 * mapping rules are those of {@code docs/formats.md}, section Protobuf.
 *
 * <p>Fields may come in any order and unknown fields are skipped, as protobuf requires. Repeated
 * scalars are read packed or unpacked. Each metric is decoded into one candidate per value field
 * it carries and the family's type picks among them at the end, because {@code type} may follow
 * {@code metric} on the wire. Nothing here recurses on input: unknown groups are skipped with an
 * explicit stack, so no input can exhaust the call stack.
 *
 * <p>Holds scratch buffers reused between calls: not thread-safe.
 */
public final class ClientModelDecoder {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LEN = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;

    // Tags are (field number << 3) | wire type.
    private static final int FAMILY_NAME = 1 << 3 | LEN;
    private static final int FAMILY_HELP = 2 << 3 | LEN;
    private static final int FAMILY_TYPE = 3 << 3 | VARINT;
    private static final int FAMILY_METRIC = 4 << 3 | LEN;
    private static final int FAMILY_UNIT = 5 << 3 | LEN;

    private static final int METRIC_LABEL = 1 << 3 | LEN;
    private static final int METRIC_GAUGE = 2 << 3 | LEN;
    private static final int METRIC_COUNTER = 3 << 3 | LEN;
    private static final int METRIC_SUMMARY = 4 << 3 | LEN;
    private static final int METRIC_UNTYPED = 5 << 3 | LEN;
    private static final int METRIC_TIMESTAMP = 6 << 3 | VARINT;
    private static final int METRIC_HISTOGRAM = 7 << 3 | LEN;

    private static final int LABEL_NAME = 1 << 3 | LEN;
    private static final int LABEL_VALUE = 2 << 3 | LEN;

    private static final int VALUE = 1 << 3 | FIXED64;
    private static final int COUNTER_EXEMPLAR = 2 << 3 | LEN;
    private static final int COUNTER_CREATED = 3 << 3 | LEN;

    private static final int SUMMARY_COUNT = 1 << 3 | VARINT;
    private static final int SUMMARY_SUM = 2 << 3 | FIXED64;
    private static final int SUMMARY_QUANTILE = 3 << 3 | LEN;
    private static final int SUMMARY_CREATED = 4 << 3 | LEN;
    private static final int QUANTILE_QUANTILE = 1 << 3 | FIXED64;
    private static final int QUANTILE_VALUE = 2 << 3 | FIXED64;

    private static final int HISTOGRAM_COUNT = 1 << 3 | VARINT;
    private static final int HISTOGRAM_SUM = 2 << 3 | FIXED64;
    private static final int HISTOGRAM_BUCKET = 3 << 3 | LEN;
    private static final int HISTOGRAM_COUNT_FLOAT = 4 << 3 | FIXED64;
    private static final int HISTOGRAM_SCHEMA = 5 << 3 | VARINT;
    private static final int HISTOGRAM_ZERO_THRESHOLD = 6 << 3 | FIXED64;
    private static final int HISTOGRAM_ZERO_COUNT = 7 << 3 | VARINT;
    private static final int HISTOGRAM_ZERO_COUNT_FLOAT = 8 << 3 | FIXED64;
    private static final int HISTOGRAM_NEGATIVE_SPAN = 9 << 3 | LEN;
    private static final int HISTOGRAM_NEGATIVE_DELTA = 10 << 3 | VARINT;
    private static final int HISTOGRAM_NEGATIVE_DELTA_PACKED = 10 << 3 | LEN;
    private static final int HISTOGRAM_NEGATIVE_COUNT = 11 << 3 | FIXED64;
    private static final int HISTOGRAM_NEGATIVE_COUNT_PACKED = 11 << 3 | LEN;
    private static final int HISTOGRAM_POSITIVE_SPAN = 12 << 3 | LEN;
    private static final int HISTOGRAM_POSITIVE_DELTA = 13 << 3 | VARINT;
    private static final int HISTOGRAM_POSITIVE_DELTA_PACKED = 13 << 3 | LEN;
    private static final int HISTOGRAM_POSITIVE_COUNT = 14 << 3 | FIXED64;
    private static final int HISTOGRAM_POSITIVE_COUNT_PACKED = 14 << 3 | LEN;
    private static final int HISTOGRAM_CREATED = 15 << 3 | LEN;
    private static final int HISTOGRAM_EXEMPLARS = 16 << 3 | LEN;

    private static final int BUCKET_COUNT = 1 << 3 | VARINT;
    private static final int BUCKET_UPPER_BOUND = 2 << 3 | FIXED64;
    private static final int BUCKET_EXEMPLAR = 3 << 3 | LEN;
    private static final int BUCKET_COUNT_FLOAT = 4 << 3 | FIXED64;

    private static final int SPAN_OFFSET = 1 << 3 | VARINT;
    private static final int SPAN_LENGTH = 2 << 3 | VARINT;

    private static final int EXEMPLAR_LABEL = 1 << 3 | LEN;
    private static final int EXEMPLAR_VALUE = 2 << 3 | FIXED64;
    private static final int EXEMPLAR_TIMESTAMP = 3 << 3 | LEN;

    private static final int TIMESTAMP_SECONDS = 1 << 3 | VARINT;
    private static final int TIMESTAMP_NANOS = 2 << 3 | VARINT;

    /** Field numbers each message declares, as bit masks: a known field with a wrong wire type is an error. */
    private static final int FAMILY_FIELDS = fields(1, 2, 3, 4, 5);
    private static final int METRIC_FIELDS = fields(1, 2, 3, 4, 5, 6, 7);
    private static final int LABEL_FIELDS = fields(1, 2);
    private static final int VALUE_FIELDS = fields(1);
    private static final int COUNTER_FIELDS = fields(1, 2, 3);
    private static final int SUMMARY_FIELDS = fields(1, 2, 3, 4);
    private static final int QUANTILE_FIELDS = fields(1, 2);
    private static final int HISTOGRAM_FIELDS = fields(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    private static final int BUCKET_FIELDS = fields(1, 2, 3, 4);
    private static final int SPAN_FIELDS = fields(1, 2);
    private static final int EXEMPLAR_FIELDS = fields(1, 2, 3);
    private static final int TIMESTAMP_FIELDS = fields(1, 2);

    /** client_model's MetricType enum, by number. */
    private static final MetricType[] TYPES = {MetricType.COUNTER, MetricType.GAUGE, MetricType.SUMMARY,
            MetricType.UNTYPED, MetricType.HISTOGRAM, MetricType.GAUGE_HISTOGRAM};
    private static final String[] TYPE_NAMES = {"counter", "gauge", "summary", "untyped", "histogram",
            "gauge_histogram"};

    private static final String MALFORMED_VARINT = "malformed varint (longer than 10 bytes)";
    private static final String OVERFLOWING_VARINT = "malformed varint (its 10th byte sets bits past 64)";
    private static final String TRUNCATED_BODY = "truncated: the body ends inside the message (at byte ";
    private static final int[] NO_SPANS = new int[0];
    private static final double[] NO_COUNTS = new double[0];

    private final ParseLimits limits;

    private CodedInputStream in;
    /** Absolute body offset at which {@code in}'s byte counter reads 0 (the counter is reset per message). */
    private long base;
    private int messageNumber;
    private long messageStart;
    /** Where, relative to {@code base}, the field being read began. */
    private int fieldStart;
    private String familyName;
    private int metricIndex;

    private final List<Candidates> candidates = new ArrayList<>();
    private final Labels.Builder labels = Labels.builder();
    private final Labels.Builder exemplarLabels = Labels.builder();
    private final IntList groupStack = new IntList();

    // The last Timestamp read.
    private long timestampSeconds;
    private int timestampNanos;

    // Counter, summary and histogram being read; reset at the start of each.
    private double counterValue;
    private Exemplar counterExemplar;
    private double counterCreated;

    private boolean summaryHasCount;
    private boolean summaryHasSum;
    private long summaryCount;
    private double summarySum;
    private double summaryCreated;
    private final DoubleList quantiles = new DoubleList();
    private final DoubleList quantileValues = new DoubleList();

    private boolean histHasCount;
    private boolean histHasCountFloat;
    private boolean histHasSum;
    private long histCount;
    private double histCountFloat;
    private double histSum;
    private double histCreated;
    private final DoubleList upperBounds = new DoubleList();
    private final DoubleList cumulativeCounts = new DoubleList();
    private final List<Exemplar> bucketExemplars = new ArrayList<>();
    private boolean anyBucketExemplar;
    private boolean hasSchema;
    private int schema;
    private boolean hasZeroThreshold;
    private double zeroThreshold;
    private long zeroCount;
    private double zeroCountFloat;
    private final IntList negativeSpans = new IntList();
    private final IntList positiveSpans = new IntList();
    private final LongList negativeDeltas = new LongList();
    private final LongList positiveDeltas = new LongList();
    private final DoubleList negativeCounts = new DoubleList();
    private final DoubleList positiveCounts = new DoubleList();
    private final List<Exemplar> nativeExemplars = new ArrayList<>();

    public ClientModelDecoder(ParseLimits limits) {
        this.limits = limits;
    }

    /**
     * Reads families until {@code input} ends. The caller bounds the total body size (a counting
     * stream that throws {@link LimitedInputStream.LimitExceededException}, or a length check).
     *
     * @param bodyLength the body's length when known in advance (an array), else -1
     */
    public List<MetricFamily> decode(CodedInputStream input, long bodyLength) throws ExpositionException {
        in = input;
        base = 0;
        messageNumber = 0;
        messageStart = 0;
        List<MetricFamily> families = new ArrayList<>();
        try {
            while (!in.isAtEnd()) {
                messageNumber++;
                messageStart = base;
                familyName = null;
                long length = readLengthPrefix();
                // A family may be as long as the body may be, as in the Pushgateway and Prometheus,
                // which bound the body alone; the stream is decoded as it comes, never held whole.
                long maxMessage = Math.min(limits.maxBodyBytes(), Integer.MAX_VALUE);
                if (length < 0 || length > maxMessage) {
                    throw fail("length " + Long.toUnsignedString(length) + " exceeds the body limit of "
                            + maxMessage + " bytes");
                }
                if (bodyLength >= 0 && position() + length > bodyLength) {
                    throw fail(TRUNCATED_BODY + bodyLength + ")");
                }
                int outer = in.pushLimit((int) length);
                MetricFamily family = readFamily();
                leave(outer);
                base += in.getTotalBytesRead();
                in.resetSizeCounter();
                if (family != null) {
                    families.add(family);
                }
            }
        } catch (LimitedInputStream.LimitExceededException e) {
            throw ExpositionException.bodyTooLarge(e.limit());
        } catch (Failure e) {
            ExpositionException error = error(e.getMessage());
            throw e.tooManyLabels ? ExpositionException.tooManyLabels(error.problems().getFirst()) : error;
        } catch (InvalidProtocolBufferException e) {
            throw error(describe(e) + " (in the field at byte " + fieldPosition() + ")");
        } catch (IOException e) {
            throw new ExpositionException("reading the body failed near byte " + position() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw error("unexpected error near byte " + position() + ": " + e);
        } finally {
            in = null;
            candidates.clear();
        }
        return families;
    }

    private long readLengthPrefix() throws IOException {
        try {
            return readVarint64();
        } catch (InvalidProtocolBufferException e) {
            throw fail("the length prefix is truncated or malformed");
        }
    }

    // ---- MetricFamily

    private MetricFamily readFamily() throws IOException {
        String name = null;
        String help = null;
        String unit = null;
        int typeCode = 0; // COUNTER when absent, the proto2 default
        candidates.clear();
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case FAMILY_NAME -> {
                    name = in.readStringRequireUtf8();
                    familyName = name;
                }
                case FAMILY_HELP -> help = in.readStringRequireUtf8();
                case FAMILY_TYPE -> {
                    typeCode = in.readEnum();
                    if (typeCode < 0 || typeCode >= TYPES.length) {
                        throw fail((familyName == null ? "" : "family " + quote(familyName) + ": ")
                                + "unknown metric type " + typeCode);
                    }
                }
                case FAMILY_METRIC -> candidates.add(readMetric(candidates.size()));
                case FAMILY_UNIT -> unit = in.readStringRequireUtf8();
                default -> skipField(tag, "MetricFamily", FAMILY_FIELDS);
            }
        }
        checkEnded();
        if (name == null) {
            throw fail("the family has no name");
        }
        if (!MetricNames.isValidMetricName(name)) {
            throw fail("invalid metric name " + quote(name));
        }
        if (candidates.isEmpty()) {
            return null;
        }
        MetricType type = TYPES[typeCode];
        List<Metric> metrics = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            metrics.add(select(candidates.get(i), typeCode, i));
        }
        return new MetricFamily(name, type, help, unit == null || unit.isEmpty() ? null : unit, metrics);
    }

    /** The metric of the family's type among those a Metric message carried. */
    private Metric select(Candidates c, int typeCode, int index) {
        Metric m = switch (TYPES[typeCode]) {
            case COUNTER -> c.counter;
            case GAUGE -> c.gauge;
            case UNTYPED -> c.untyped;
            case SUMMARY -> c.summary;
            default -> c.histogram;
        };
        if (m == null) {
            String expected = switch (TYPES[typeCode]) {
                case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
                default -> TYPE_NAMES[typeCode];
            };
            String has = c.fieldNames();
            throw fail("family " + quote(familyName) + " of type " + TYPE_NAMES[typeCode] + ": metric " + index
                    + " has no " + expected + " field" + (has.isEmpty() ? "" : " (it has " + has + ")"));
        }
        return m;
    }

    // ---- Metric

    private Candidates readMetric(int index) throws IOException {
        int outer = enter();
        metricIndex = index;
        labels.clear();
        long timestampMs = Metric.NO_TIMESTAMP;
        boolean hasGauge = false;
        boolean hasCounter = false;
        boolean hasUntyped = false;
        boolean hasSummary = false;
        boolean hasHistogram = false;
        double gauge = 0;
        double untyped = 0;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case METRIC_LABEL -> readLabel(labels, "");
                case METRIC_GAUGE -> {
                    hasGauge = true;
                    gauge = readValueMessage("Gauge");
                }
                case METRIC_COUNTER -> {
                    hasCounter = true;
                    readCounter();
                }
                case METRIC_SUMMARY -> {
                    hasSummary = true;
                    readSummary();
                }
                case METRIC_UNTYPED -> {
                    hasUntyped = true;
                    untyped = readValueMessage("Untyped");
                }
                case METRIC_TIMESTAMP -> timestampMs = readVarint64();
                case METRIC_HISTOGRAM -> {
                    hasHistogram = true;
                    readHistogram();
                }
                default -> skipField(tag, "Metric", METRIC_FIELDS);
            }
        }
        leave(outer);
        Labels l = labels.build();
        return new Candidates(
                hasGauge ? new ValueMetric(l, gauge, timestampMs, Double.NaN, null) : null,
                hasCounter ? new ValueMetric(l, counterValue, timestampMs, counterCreated, counterExemplar) : null,
                hasUntyped ? new ValueMetric(l, untyped, timestampMs, Double.NaN, null) : null,
                hasSummary ? buildSummary(l, timestampMs) : null,
                hasHistogram ? buildHistogram(l, timestampMs) : null);
    }

    /** Reads a LabelPair into {@code into}, checking the name, the count limit and duplicates. */
    private void readLabel(Labels.Builder into, String what) throws IOException {
        int outer = enter();
        String name = "";
        String value = "";
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case LABEL_NAME -> name = in.readStringRequireUtf8();
                case LABEL_VALUE -> value = in.readStringRequireUtf8();
                default -> skipField(tag, "LabelPair", LABEL_FIELDS);
            }
        }
        leave(outer);
        if (!MetricNames.isValidLabelName(name)) {
            throw fail(where() + "invalid " + what + "label name " + quote(name));
        }
        if (into.size() >= limits.maxLabelsPerSeries()) {
            throw new Failure(where() + "the " + what + "label count exceeds the limit of " + limits.maxLabelsPerSeries()
                    + " labels per series", true);
        }
        if (!into.tryAdd(name, value)) {
            throw fail(where() + "duplicate " + what + "label name " + quote(name));
        }
    }

    /** Reads a Gauge or Untyped message: one double. */
    private double readValueMessage(String message) throws IOException {
        int outer = enter();
        double value = 0;
        int tag;
        while ((tag = nextTag()) != 0) {
            if (tag == VALUE) {
                value = in.readDouble();
            } else {
                skipField(tag, message, VALUE_FIELDS);
            }
        }
        leave(outer);
        return value;
    }

    private void readCounter() throws IOException {
        int outer = enter();
        counterValue = 0;
        counterExemplar = null;
        counterCreated = Double.NaN;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case VALUE -> counterValue = in.readDouble();
                case COUNTER_EXEMPLAR -> counterExemplar = readExemplar();
                case COUNTER_CREATED -> counterCreated = readCreated();
                default -> skipField(tag, "Counter", COUNTER_FIELDS);
            }
        }
        leave(outer);
    }

    // ---- Summary

    private void readSummary() throws IOException {
        int outer = enter();
        summaryHasCount = false;
        summaryHasSum = false;
        summaryCount = 0;
        summarySum = 0;
        summaryCreated = Double.NaN;
        quantiles.clear();
        quantileValues.clear();
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case SUMMARY_COUNT -> {
                    summaryHasCount = true;
                    summaryCount = readVarint64();
                }
                case SUMMARY_SUM -> {
                    summaryHasSum = true;
                    summarySum = in.readDouble();
                }
                case SUMMARY_QUANTILE -> readQuantile();
                case SUMMARY_CREATED -> summaryCreated = readCreated();
                default -> skipField(tag, "Summary", SUMMARY_FIELDS);
            }
        }
        leave(outer);
    }

    private void readQuantile() throws IOException {
        int outer = enter();
        double quantile = 0;
        double value = 0;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case QUANTILE_QUANTILE -> quantile = in.readDouble();
                case QUANTILE_VALUE -> value = in.readDouble();
                default -> skipField(tag, "Quantile", QUANTILE_FIELDS);
            }
        }
        leave(outer);
        quantiles.add(quantile);
        quantileValues.add(value);
    }

    private SummaryMetric buildSummary(Labels l, long timestampMs) {
        boolean present = summaryHasCount || summaryHasSum;
        return new SummaryMetric(l, quantiles.toArray(), quantileValues.toArray(), summarySum,
                present ? ProtoValues.unsignedToDouble(summaryCount) : Double.NaN, timestampMs, summaryCreated);
    }

    // ---- Histogram

    private void readHistogram() throws IOException {
        int outer = enter();
        resetHistogram();
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case HISTOGRAM_COUNT -> {
                    histHasCount = true;
                    histCount = readVarint64();
                }
                case HISTOGRAM_SUM -> {
                    histHasSum = true;
                    histSum = in.readDouble();
                }
                case HISTOGRAM_BUCKET -> readBucket();
                case HISTOGRAM_COUNT_FLOAT -> {
                    histHasCountFloat = true;
                    histCountFloat = in.readDouble();
                }
                case HISTOGRAM_SCHEMA -> {
                    hasSchema = true;
                    schema = in.readSInt32();
                }
                case HISTOGRAM_ZERO_THRESHOLD -> {
                    hasZeroThreshold = true;
                    zeroThreshold = in.readDouble();
                }
                case HISTOGRAM_ZERO_COUNT -> zeroCount = readVarint64();
                case HISTOGRAM_ZERO_COUNT_FLOAT -> zeroCountFloat = in.readDouble();
                case HISTOGRAM_NEGATIVE_SPAN -> readSpan(negativeSpans);
                case HISTOGRAM_NEGATIVE_DELTA -> negativeDeltas.add(CodedInputStream.decodeZigZag64(readVarint64()));
                case HISTOGRAM_NEGATIVE_DELTA_PACKED -> readPackedDeltas(negativeDeltas);
                case HISTOGRAM_NEGATIVE_COUNT -> negativeCounts.add(in.readDouble());
                case HISTOGRAM_NEGATIVE_COUNT_PACKED -> readPackedDoubles(negativeCounts);
                case HISTOGRAM_POSITIVE_SPAN -> readSpan(positiveSpans);
                case HISTOGRAM_POSITIVE_DELTA -> positiveDeltas.add(CodedInputStream.decodeZigZag64(readVarint64()));
                case HISTOGRAM_POSITIVE_DELTA_PACKED -> readPackedDeltas(positiveDeltas);
                case HISTOGRAM_POSITIVE_COUNT -> positiveCounts.add(in.readDouble());
                case HISTOGRAM_POSITIVE_COUNT_PACKED -> readPackedDoubles(positiveCounts);
                case HISTOGRAM_CREATED -> histCreated = readCreated();
                case HISTOGRAM_EXEMPLARS -> nativeExemplars.add(readExemplar());
                default -> skipField(tag, "Histogram", HISTOGRAM_FIELDS);
            }
        }
        leave(outer);
    }

    private void resetHistogram() {
        histHasCount = false;
        histHasCountFloat = false;
        histHasSum = false;
        histCount = 0;
        histCountFloat = 0;
        histSum = 0;
        histCreated = Double.NaN;
        upperBounds.clear();
        cumulativeCounts.clear();
        bucketExemplars.clear();
        anyBucketExemplar = false;
        hasSchema = false;
        schema = 0;
        hasZeroThreshold = false;
        zeroThreshold = 0;
        zeroCount = 0;
        zeroCountFloat = 0;
        negativeSpans.clear();
        positiveSpans.clear();
        negativeDeltas.clear();
        positiveDeltas.clear();
        negativeCounts.clear();
        positiveCounts.clear();
        nativeExemplars.clear();
    }

    private void readBucket() throws IOException {
        int outer = enter();
        long count = 0;
        double countFloat = 0;
        double upperBound = 0;
        Exemplar exemplar = null;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case BUCKET_COUNT -> count = readVarint64();
                case BUCKET_UPPER_BOUND -> upperBound = in.readDouble();
                case BUCKET_EXEMPLAR -> exemplar = readExemplar();
                case BUCKET_COUNT_FLOAT -> countFloat = in.readDouble();
                default -> skipField(tag, "Bucket", BUCKET_FIELDS);
            }
        }
        leave(outer);
        upperBounds.add(upperBound);
        cumulativeCounts.add(countFloat > 0 ? countFloat : ProtoValues.unsignedToDouble(count));
        bucketExemplars.add(exemplar);
        anyBucketExemplar |= exemplar != null;
    }

    private void readSpan(IntList into) throws IOException {
        int outer = enter();
        int offset = 0;
        int length = 0;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case SPAN_OFFSET -> offset = in.readSInt32();
                case SPAN_LENGTH -> length = in.readUInt32();
                default -> skipField(tag, "BucketSpan", SPAN_FIELDS);
            }
        }
        leave(outer);
        if (length < 0) {
            throw fail(where() + "native histogram span length " + Integer.toUnsignedString(length) + " is too large");
        }
        into.add(offset);
        into.add(length);
    }

    private void readPackedDeltas(LongList into) throws IOException {
        int outer = enter();
        while (in.getBytesUntilLimit() > 0) {
            into.add(CodedInputStream.decodeZigZag64(readVarint64()));
        }
        leave(outer);
    }

    private void readPackedDoubles(DoubleList into) throws IOException {
        int outer = enter();
        while (in.getBytesUntilLimit() > 0) {
            into.add(in.readDouble());
        }
        leave(outer);
    }

    private HistogramMetric buildHistogram(Labels l, long timestampMs) {
        double count = Double.NaN;
        if (histHasCount || histHasCountFloat || histHasSum) {
            count = histCountFloat > 0 ? histCountFloat : ProtoValues.unsignedToDouble(histCount);
        }
        boolean isNative = hasSchema || hasZeroThreshold || negativeSpans.size() > 0 || positiveSpans.size() > 0;
        return new HistogramMetric(l, upperBounds.toArray(), cumulativeCounts.toArray(),
                anyBucketExemplar ? bucketExemplars.toArray(new Exemplar[0]) : null, histSum, count, timestampMs,
                histCreated, isNative ? buildNative() : null);
    }

    private NativeHistogram buildNative() {
        boolean floatCounts = false;
        double[] negative;
        if (negativeDeltas.size() > 0) {
            negative = accumulate(negativeDeltas);
        } else if (negativeCounts.size() > 0) {
            negative = negativeCounts.toArray();
            floatCounts = true;
        } else {
            negative = NO_COUNTS;
        }
        double[] positive;
        if (positiveDeltas.size() > 0) {
            positive = accumulate(positiveDeltas);
        } else if (positiveCounts.size() > 0) {
            positive = positiveCounts.toArray();
            floatCounts = true;
        } else {
            positive = NO_COUNTS;
        }
        int[] negSpans = spans(negativeSpans);
        int[] posSpans = spans(positiveSpans);
        checkSpansCover(negSpans, negative.length, "negative");
        checkSpansCover(posSpans, positive.length, "positive");
        return new NativeHistogram(schema, zeroThreshold,
                zeroCountFloat > 0 ? zeroCountFloat : ProtoValues.unsignedToDouble(zeroCount), negSpans, negative,
                posSpans, positive, !floatCounts, nativeExemplars);
    }

    /** The spans as read, except that a lone no-op span (offset 0, length 0) means no spans. */
    private static int[] spans(IntList spans) {
        if (spans.size() == 2 && spans.get(0) == 0 && spans.get(1) == 0) {
            return NO_SPANS;
        }
        return spans.toArray();
    }

    private void checkSpansCover(int[] spans, int buckets, String side) {
        long covered = 0;
        for (int i = 1; i < spans.length; i += 2) {
            covered += spans[i];
        }
        if (covered != buckets) {
            throw fail(where() + "native histogram " + side + " spans cover " + covered + " buckets but " + buckets
                    + " bucket counts were given");
        }
    }

    private static double[] accumulate(LongList deltas) {
        double[] counts = new double[deltas.size()];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += deltas.get(i);
            counts[i] = running;
        }
        return counts;
    }

    // ---- Exemplar and Timestamp

    private Exemplar readExemplar() throws IOException {
        int outer = enter();
        exemplarLabels.clear();
        double value = 0;
        long timestampMs = Metric.NO_TIMESTAMP;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case EXEMPLAR_LABEL -> readLabel(exemplarLabels, "exemplar ");
                case EXEMPLAR_VALUE -> value = in.readDouble();
                case EXEMPLAR_TIMESTAMP -> {
                    readTimestamp();
                    try {
                        timestampMs = ProtoValues.timestampToMillis(timestampSeconds, timestampNanos);
                    } catch (ArithmeticException e) {
                        throw fail(where() + "exemplar timestamp " + timestampSeconds + "s is out of range");
                    }
                }
                default -> skipField(tag, "Exemplar", EXEMPLAR_FIELDS);
            }
        }
        leave(outer);
        return new Exemplar(exemplarLabels.build(), value, timestampMs);
    }

    private double readCreated() throws IOException {
        readTimestamp();
        return ProtoValues.timestampToSeconds(timestampSeconds, timestampNanos);
    }

    private void readTimestamp() throws IOException {
        int outer = enter();
        long seconds = 0;
        int nanos = 0;
        int tag;
        while ((tag = nextTag()) != 0) {
            switch (tag) {
                case TIMESTAMP_SECONDS -> seconds = readVarint64();
                case TIMESTAMP_NANOS -> nanos = in.readInt32();
                default -> skipField(tag, "Timestamp", TIMESTAMP_FIELDS);
            }
        }
        leave(outer);
        timestampSeconds = seconds;
        timestampNanos = nanos;
    }

    // ---- Wire helpers

    /** Reads a varint of up to 64 bits: at most 10 bytes, the 10th holding only bit 63. */
    private long readVarint64() throws IOException {
        // Not in.readRawVarint64(): its fast path ignores a 10th byte's high bits, so arrays accepted what streams rejected.
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            byte b = in.readRawByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        byte last = in.readRawByte();
        if (last < 0) {
            throw new InvalidProtocolBufferException(MALFORMED_VARINT);
        }
        if (last > 1) {
            throw new InvalidProtocolBufferException(OVERFLOWING_VARINT);
        }
        return value | (long) last << 63;
    }

    /** Reads an embedded message's length and limits reading to it; returns the limit to restore. */
    private int enter() throws IOException {
        long length = readVarint64();
        if (length < 0) {
            throw fail("negative length " + length + " (in the field at byte " + fieldPosition() + ")");
        }
        int remaining = in.getBytesUntilLimit();
        if (remaining >= 0 && length > remaining) {
            throw fail("truncated: an embedded message of " + length + " bytes runs past the end of its enclosing "
                    + "message, which has " + remaining + " bytes left (in the field at byte " + fieldPosition() + ")");
        }
        return in.pushLimit((int) length);
    }

    /** Restores the enclosing limit; the input must have ended exactly at the embedded message's end. */
    private void leave(int outer) {
        checkEnded();
        in.popLimit(outer);
    }

    /** Fails unless the input stopped at the current limit rather than at the end of the body. */
    private void checkEnded() {
        if (in.getBytesUntilLimit() != 0) {
            throw fail(TRUNCATED_BODY + position() + ")");
        }
    }

    /** Skips an unknown field; a declared field with the wrong wire type is an error. */
    private void skipField(int tag, String message, int declared) throws IOException {
        int field = tag >>> 3;
        int wireType = tag & 7;
        if (field < 32 && (declared >>> field & 1) != 0) {
            throw fail(message + " field " + field + " has wire type " + wireType
                    + ", which does not fit its declared type (at byte " + fieldPosition() + ")");
        }
        switch (wireType) {
            case VARINT, FIXED64, LEN, FIXED32 -> in.skipField(tag);
            case START_GROUP -> skipGroup(field);
            case END_GROUP -> throw fail("end-group tag for field " + field + " without a start (at byte "
                    + fieldPosition() + ")");
            default -> throw fail("unknown wire type " + wireType + " in field " + field + " (at byte "
                    + fieldPosition() + ")");
        }
    }

    /** Skips a group, nested groups included, with an explicit stack rather than recursion. */
    private void skipGroup(int field) throws IOException {
        groupStack.clear();
        groupStack.add(field);
        while (groupStack.size() > 0) {
            int tag = nextTag();
            if (tag == 0) {
                throw fail("truncated: group " + field + " is not closed (the message ends at byte " + position()
                        + ")");
            }
            int f = tag >>> 3;
            switch (tag & 7) {
                case VARINT, FIXED64, LEN, FIXED32 -> in.skipField(tag);
                case START_GROUP -> groupStack.add(f);
                case END_GROUP -> {
                    if (groupStack.pop() != f) {
                        throw fail("end-group tag for field " + f + " does not match its start (at byte "
                                + fieldPosition() + ")");
                    }
                }
                default -> throw fail("unknown wire type " + (tag & 7) + " in field " + f + " (at byte "
                        + fieldPosition() + ")");
            }
        }
    }

    /** Reads the next tag, remembering where its field starts for error messages. */
    private int nextTag() throws IOException {
        fieldStart = in.getTotalBytesRead();
        return in.readTag();
    }

    /** The body offset of the field being read: errors point at its tag. */
    private long fieldPosition() {
        return base + fieldStart;
    }

    /** The body offset the decoder has reached. */
    private long position() {
        return in == null ? base : base + in.getTotalBytesRead();
    }

    // ---- Errors

    /** A decoding problem; its message is the reason, without the message position. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** The labels-per-series limit, which a caller may answer as its own limit. */
        final boolean tooManyLabels;

        Failure(String reason) {
            this(reason, false);
        }

        Failure(String reason, boolean tooManyLabels) {
            super(reason, null, false, false);
            this.tooManyLabels = tooManyLabels;
        }
    }

    private static Failure fail(String reason) {
        return new Failure(reason);
    }

    private ExpositionException error(String reason) {
        if (messageNumber == 0) {
            return new ExpositionException(reason);
        }
        return new ExpositionException(0, 0, "message " + messageNumber + " at byte " + messageStart + ": " + reason);
    }

    /** Names the family (when its name has been read) and the metric being decoded. */
    private String where() {
        return (familyName == null ? "" : "family " + quote(familyName) + ", ") + "metric " + metricIndex + ": ";
    }

    private static String describe(InvalidProtocolBufferException e) {
        if (e instanceof InvalidProtocolBufferException.InvalidWireTypeException) {
            return "invalid wire type";
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("ended unexpectedly") || m.contains("truncated")) {
            return "truncated: a field runs past the end of its message or of the body";
        }
        if (m.equals(OVERFLOWING_VARINT)) {
            return m;
        }
        if (m.contains("malformed varint")) {
            return MALFORMED_VARINT;
        }
        if (m.contains("UTF-8")) {
            return "a string is not valid UTF-8";
        }
        if (m.contains("negative size")) {
            return "negative length";
        }
        if (m.contains("invalid tag")) {
            return "invalid tag (field number 0)";
        }
        return m;
    }

    /** A string in quotes for an error message, shortened when long. */
    static String quote(String s) {
        if (s == null) {
            return "(unnamed)";
        }
        String shown = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private static int fields(int... numbers) {
        int mask = 0;
        for (int n : numbers) {
            mask |= 1 << n;
        }
        return mask;
    }

    // ---- Scratch

    /** The metrics one Metric message yields, one per value field present. */
    private record Candidates(ValueMetric gauge, ValueMetric counter, ValueMetric untyped, SummaryMetric summary,
                              HistogramMetric histogram) {
        String fieldNames() {
            List<String> names = new ArrayList<>(2);
            if (gauge != null) {
                names.add("gauge");
            }
            if (counter != null) {
                names.add("counter");
            }
            if (summary != null) {
                names.add("summary");
            }
            if (untyped != null) {
                names.add("untyped");
            }
            if (histogram != null) {
                names.add("histogram");
            }
            return String.join(", ", names);
        }
    }

    private static final class DoubleList {
        private double[] a = new double[16];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        void clear() {
            n = 0;
        }

        double[] toArray() {
            return n == 0 ? NO_COUNTS : Arrays.copyOf(a, n);
        }
    }

    private static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }

        void clear() {
            n = 0;
        }
    }

    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int pop() {
            return a[--n];
        }

        int size() {
            return n;
        }

        void clear() {
            n = 0;
        }

        int[] toArray() {
            return n == 0 ? NO_SPANS : Arrays.copyOf(a, n);
        }
    }
}
