package io.ferry.exposition.internal;

import io.ferry.wire.ByteSink;
import io.ferry.wire.ProtoWire;
import io.ferry.model.Exemplar;
import io.ferry.model.HistogramMetric;
import io.ferry.model.Labels;
import io.ferry.model.Metric;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.model.NativeHistogram;
import io.ferry.model.SummaryMetric;
import io.ferry.model.ValueMetric;

import java.util.Arrays;

/**
 * Encodes metric families as varint-delimited {@code io.prometheus.client.MetricFamily} messages
 * by hand, straight into a {@link ByteSink}. The mapping rules are those of
 * {@code docs/formats.md}, section Protobuf.
 *
 * <p>Two passes per family. The sizing pass walks the family and records, in the order the
 * writing pass will need them, the body length of every embedded message and the UTF-8 length of
 * every string; the writing pass then emits each length prefix from that list, so nothing is
 * measured twice and nothing is copied. Fields are written in field-number order and repeated
 * scalars unpacked, which is exactly what the generated classes and client_golang emit for this
 * proto2 schema, so the output is byte-for-byte the same as theirs.
 *
 * <p>Not thread-safe; cheap to create, one per write; the lengths' array is the thread's, reused.
 */
public final class ClientModelEncoder {
    private static final int FIXED64 = ProtoWire.FIXED64;
    private static final int LEN = ProtoWire.LEN;
    private static final int VARINT = ProtoWire.VARINT;

    private static final int DOUBLE_FIELD = 9; // one-byte tag and 8 bytes
    private static final int VALUE_MESSAGE_FIELD = 2 + DOUBLE_FIELD; // Gauge or Untyped: tag, length, value
    private static final int QUANTILE_FIELD = 2 + 2 * DOUBLE_FIELD;

    /**
     * Each thread's array of lengths, grown to the largest family it encoded up to {@value #KEPT_LENGTHS}
     * lengths: an encoder is made per family written (a push's families go to the log one at a time), and
     * each made its own and grew it. One encoder's call to {@link #writeDelimited} ends before another on
     * the thread starts. A larger family's array is its own, so that no thread holds one for long.
     */
    private static final ThreadLocal<int[]> LENGTHS = ThreadLocal.withInitial(() -> new int[64]);
    private static final int KEPT_LENGTHS = 16 * 1024;

    private final ByteSink out;
    /** Lengths recorded by the sizing pass, in the order the writing pass consumes them. */
    private int[] lengths;
    private int recorded;
    private int consumed;

    public ClientModelEncoder(ByteSink out) {
        this.out = out;
    }

    /** Appends {@code family}, prefixed by its length as a varint. */
    public void writeDelimited(MetricFamily family) {
        lengths = LENGTHS.get();
        recorded = 0;
        consumed = 0;
        int size = sizeFamily(family);
        out.ensure(varintSize(size) + size);
        writeFamily(family);
        assert consumed == recorded : "sizing and writing passes disagree";
    }

    /** client_model's number for a model type; the types protobuf lacks map to their nearest. */
    public static int protoType(MetricType type) {
        return switch (type) {
            case COUNTER -> 0;
            case GAUGE, INFO, STATESET -> 1;
            case SUMMARY -> 2;
            case UNTYPED, UNKNOWN -> 3;
            case HISTOGRAM -> 4;
            case GAUGE_HISTOGRAM -> 5;
        };
    }

    // ---- Sizing pass: each sizeX reserves X's slot first, then sizes its children, and returns X's body size.

    private int reserve() {
        if (recorded == lengths.length) {
            lengths = Arrays.copyOf(lengths, recorded * 2);
            if (lengths.length <= KEPT_LENGTHS) {
                LENGTHS.set(lengths);
            }
        }
        return recorded++;
    }

    private int record(int slot, int size) {
        lengths[slot] = size;
        return size;
    }

    /** A string field with a one-byte tag; records the string's UTF-8 length. */
    private int stringField(String s) {
        int length = record(reserve(), utf8Length(s));
        return 1 + varintSize(length) + length;
    }

    private static int messageField(int tagSize, int bodySize) {
        return tagSize + varintSize(bodySize) + bodySize;
    }

    private int sizeFamily(MetricFamily f) {
        int slot = reserve();
        int type = protoType(f.type());
        int size = stringField(f.name());
        if (f.help() != null) {
            size += stringField(f.help());
        }
        size += 1 + varintSize(type);
        for (Metric m : f.metrics()) {
            size += messageField(1, sizeMetric(m, type));
        }
        if (f.unit() != null) {
            size += stringField(f.unit());
        }
        return record(slot, size);
    }

    private int sizeMetric(Metric m, int type) {
        int slot = reserve();
        int size = sizeLabels(m.labels());
        switch (type) {
            case 0 -> size += messageField(1, sizeCounter((ValueMetric) m));
            case 1, 3 -> size += VALUE_MESSAGE_FIELD;
            case 2 -> size += messageField(1, sizeSummary((SummaryMetric) m));
            default -> {
                // the histogram field (7) follows timestamp_ms (6)
            }
        }
        if (m.hasTimestamp()) {
            size += 1 + varintSize(m.timestampMs());
        }
        if (type == 4 || type == 5) {
            size += messageField(1, sizeHistogram((HistogramMetric) m));
        }
        return record(slot, size);
    }

    private int sizeLabels(Labels labels) {
        int size = 0;
        for (int i = 0; i < labels.size(); i++) {
            int slot = reserve();
            int pair = stringField(labels.name(i)) + stringField(labels.value(i));
            size += messageField(1, record(slot, pair));
        }
        return size;
    }

    private int sizeCounter(ValueMetric v) {
        int slot = reserve();
        int size = DOUBLE_FIELD;
        if (v.exemplar() != null) {
            size += messageField(1, sizeExemplar(v.exemplar()));
        }
        if (v.hasCreated()) {
            size += messageField(1, createdSize(v.createdSeconds()));
        }
        return record(slot, size);
    }

    private int sizeExemplar(Exemplar e) {
        int slot = reserve();
        int size = sizeLabels(e.labels()) + DOUBLE_FIELD;
        if (e.hasTimestamp()) {
            size += messageField(1, timestampSize(Math.floorDiv(e.timestampMs(), 1000),
                    millisNanos(e.timestampMs())));
        }
        return record(slot, size);
    }

    private int sizeSummary(SummaryMetric s) {
        int slot = reserve();
        int size = 0;
        if (s.hasCount()) {
            size += 1 + varintSize(ProtoValues.toUInt64Saturated(s.count())) + DOUBLE_FIELD;
        }
        size += s.quantiles().length * QUANTILE_FIELD;
        if (s.hasCreated()) {
            size += messageField(1, createdSize(s.createdSeconds()));
        }
        return record(slot, size);
    }

    private int sizeHistogram(HistogramMetric h) {
        int slot = reserve();
        int size = 0;
        if (h.hasCount()) {
            size += countSize(h.count()) + DOUBLE_FIELD; // sample_count or sample_count_float, sample_sum
        }
        for (int i = 0; i < h.bucketCount(); i++) {
            size += messageField(1, sizeBucket(h.cumulativeCounts()[i], h.exemplar(i)));
        }
        NativeHistogram nh = h.nativeHistogram();
        if (nh != null) {
            size += 1 + varintSize(zigZag(nh.schema())) + DOUBLE_FIELD + countSize(nh.zeroCount());
            size += spansSize(nh.negativeSpans()) + bucketCountsSize(nh.negativeCounts(), nh.integerCounts());
            size += spansSize(nh.positiveSpans()) + bucketCountsSize(nh.positiveCounts(), nh.integerCounts());
            if (needsNoOpSpan(nh)) {
                size += messageField(1, spanSize(0, 0));
            }
        }
        if (h.hasCreated()) {
            size += messageField(1, createdSize(h.createdSeconds()));
        }
        if (nh != null) {
            for (Exemplar e : nh.exemplars()) {
                size += messageField(2, sizeExemplar(e));
            }
        }
        return record(slot, size);
    }

    private int sizeBucket(double count, Exemplar exemplar) {
        int slot = reserve();
        int size = countSize(count) + DOUBLE_FIELD;
        if (exemplar != null) {
            size += messageField(1, sizeExemplar(exemplar));
        }
        return record(slot, size);
    }

    /** A count as a uint64 field or, when it does not fit one, a double field. */
    private static int countSize(double count) {
        return ProtoValues.fitsUInt64(count) ? 1 + varintSize((long) count) : DOUBLE_FIELD;
    }

    private static int spansSize(int[] spans) {
        int size = 0;
        for (int i = 0; i < spans.length; i += 2) {
            size += messageField(1, spanSize(spans[i], spans[i + 1]));
        }
        return size;
    }

    private static int spanSize(int offset, int length) {
        return 1 + varintSize(zigZag(offset)) + 1 + varintSize(Integer.toUnsignedLong(length));
    }

    private static int bucketCountsSize(double[] counts, boolean asDeltas) {
        if (!asDeltas) {
            return counts.length * DOUBLE_FIELD;
        }
        int size = 0;
        long previous = 0;
        for (double c : counts) {
            long current = (long) c;
            size += 1 + varintSize(zigZag(current - previous));
            previous = current;
        }
        return size;
    }

    private static int createdSize(double seconds) {
        return timestampSize(ProtoValues.timestampSeconds(seconds), ProtoValues.timestampNanos(seconds));
    }

    /** A google.protobuf.Timestamp body: proto3, so zero fields are left out. */
    private static int timestampSize(long seconds, int nanos) {
        return (seconds != 0 ? 1 + varintSize(seconds) : 0) + (nanos != 0 ? 1 + varintSize(nanos) : 0);
    }

    /**
     * Prometheus takes a histogram without spans, zero threshold and zero count for a classic one,
     * so a native histogram with none of them gets a span of offset 0 and length 0.
     */
    private static boolean needsNoOpSpan(NativeHistogram nh) {
        return nh.negativeSpans().length == 0 && nh.positiveSpans().length == 0;
    }

    // ---- Writing pass: mirrors the sizing pass call for call.

    private void writeFamily(MetricFamily f) {
        int type = protoType(f.type());
        writeLength();
        writeString(1, f.name());
        if (f.help() != null) {
            writeString(2, f.help());
        }
        writeTag(3, VARINT);
        writeVarint(type);
        for (Metric m : f.metrics()) {
            writeTag(4, LEN);
            writeMetric(m, type);
        }
        if (f.unit() != null) {
            writeString(5, f.unit());
        }
    }

    private void writeMetric(Metric m, int type) {
        writeLength();
        writeLabels(1, m.labels());
        switch (type) {
            case 0 -> {
                writeTag(3, LEN);
                writeCounter((ValueMetric) m);
            }
            case 1, 3 -> {
                writeTag(type == 1 ? 2 : 5, LEN);
                writeVarint(DOUBLE_FIELD);
                writeDouble(1, ((ValueMetric) m).value());
            }
            case 2 -> {
                writeTag(4, LEN);
                writeSummary((SummaryMetric) m);
            }
            default -> {
                // the histogram field (7) follows timestamp_ms (6)
            }
        }
        if (m.hasTimestamp()) {
            writeTag(6, VARINT);
            writeVarint(m.timestampMs());
        }
        if (type == 4 || type == 5) {
            writeTag(7, LEN);
            writeHistogram((HistogramMetric) m);
        }
    }

    private void writeLabels(int field, Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            writeTag(field, LEN);
            writeLength();
            writeString(1, labels.name(i));
            writeString(2, labels.value(i));
        }
    }

    private void writeCounter(ValueMetric v) {
        writeLength();
        writeDouble(1, v.value());
        if (v.exemplar() != null) {
            writeTag(2, LEN);
            writeExemplar(v.exemplar());
        }
        if (v.hasCreated()) {
            writeCreated(3, v.createdSeconds());
        }
    }

    private void writeExemplar(Exemplar e) {
        writeLength();
        writeLabels(1, e.labels());
        writeDouble(2, e.value());
        if (e.hasTimestamp()) {
            writeTimestamp(3, Math.floorDiv(e.timestampMs(), 1000), millisNanos(e.timestampMs()));
        }
    }

    private void writeSummary(SummaryMetric s) {
        writeLength();
        if (s.hasCount()) {
            writeTag(1, VARINT);
            writeVarint(ProtoValues.toUInt64Saturated(s.count()));
            writeDouble(2, s.sum());
        }
        double[] q = s.quantiles();
        double[] v = s.values();
        for (int i = 0; i < q.length; i++) {
            writeTag(3, LEN);
            writeVarint(2 * DOUBLE_FIELD);
            writeDouble(1, q[i]);
            writeDouble(2, v[i]);
        }
        if (s.hasCreated()) {
            writeCreated(4, s.createdSeconds());
        }
    }

    private void writeHistogram(HistogramMetric h) {
        writeLength();
        boolean integralCount = h.hasCount() && ProtoValues.fitsUInt64(h.count());
        if (integralCount) {
            writeTag(1, VARINT);
            writeVarint((long) h.count());
        }
        if (h.hasCount()) {
            writeDouble(2, h.sum());
        }
        for (int i = 0; i < h.bucketCount(); i++) {
            writeTag(3, LEN);
            writeBucket(h.upperBounds()[i], h.cumulativeCounts()[i], h.exemplar(i));
        }
        if (h.hasCount() && !integralCount) {
            writeDouble(4, h.count());
        }
        NativeHistogram nh = h.nativeHistogram();
        if (nh != null) {
            writeTag(5, VARINT);
            writeVarint(zigZag(nh.schema()));
            writeDouble(6, nh.zeroThreshold());
            writeCount(7, 8, nh.zeroCount());
            writeSpans(9, nh.negativeSpans());
            writeBucketCounts(10, 11, nh.negativeCounts(), nh.integerCounts());
            if (needsNoOpSpan(nh)) {
                writeSpan(12, 0, 0);
            }
            writeSpans(12, nh.positiveSpans());
            writeBucketCounts(13, 14, nh.positiveCounts(), nh.integerCounts());
        }
        if (h.hasCreated()) {
            writeCreated(15, h.createdSeconds());
        }
        if (nh != null) {
            for (Exemplar e : nh.exemplars()) {
                writeTag(16, LEN);
                writeExemplar(e);
            }
        }
    }

    private void writeBucket(double upperBound, double count, Exemplar exemplar) {
        writeLength();
        boolean integral = ProtoValues.fitsUInt64(count);
        if (integral) {
            writeTag(1, VARINT);
            writeVarint((long) count);
        }
        writeDouble(2, upperBound);
        if (exemplar != null) {
            writeTag(3, LEN);
            writeExemplar(exemplar);
        }
        if (!integral) {
            writeDouble(4, count);
        }
    }

    private void writeCount(int uintField, int floatField, double count) {
        if (ProtoValues.fitsUInt64(count)) {
            writeTag(uintField, VARINT);
            writeVarint((long) count);
        } else {
            writeDouble(floatField, count);
        }
    }

    private void writeSpans(int field, int[] spans) {
        for (int i = 0; i < spans.length; i += 2) {
            writeSpan(field, spans[i], spans[i + 1]);
        }
    }

    private void writeSpan(int field, int offset, int length) {
        writeTag(field, LEN);
        writeVarint(spanSize(offset, length));
        writeTag(1, VARINT);
        writeVarint(zigZag(offset));
        writeTag(2, VARINT);
        writeVarint(Integer.toUnsignedLong(length));
    }

    private void writeBucketCounts(int deltaField, int countField, double[] counts, boolean asDeltas) {
        if (!asDeltas) {
            for (double c : counts) {
                writeDouble(countField, c);
            }
            return;
        }
        long previous = 0;
        for (double c : counts) {
            long current = (long) c;
            writeTag(deltaField, VARINT);
            writeVarint(zigZag(current - previous));
            previous = current;
        }
    }

    private void writeCreated(int field, double seconds) {
        writeTimestamp(field, ProtoValues.timestampSeconds(seconds), ProtoValues.timestampNanos(seconds));
    }

    private void writeTimestamp(int field, long seconds, int nanos) {
        writeTag(field, LEN);
        writeVarint(timestampSize(seconds, nanos));
        if (seconds != 0) {
            writeTag(1, VARINT);
            writeVarint(seconds);
        }
        if (nanos != 0) {
            writeTag(2, VARINT);
            writeVarint(nanos);
        }
    }

    // ---- Primitives

    /** Writes the next recorded length (an embedded message's body size) as a varint. */
    private void writeLength() {
        writeVarint(lengths[consumed++]);
    }

    private void writeString(int field, String s) {
        writeTag(field, LEN);
        writeVarint(lengths[consumed++]);
        out.writeUtf8(s);
    }

    private void writeDouble(int field, double value) {
        writeTag(field, FIXED64);
        ProtoWire.writeFixed64(out, Double.doubleToRawLongBits(value));
    }

    private void writeTag(int field, int wireType) {
        ProtoWire.writeTag(out, field, wireType);
    }

    private void writeVarint(long v) {
        ProtoWire.writeVarint(out, v);
    }

    static int varintSize(long v) {
        return ProtoWire.varintSize(v);
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long zigZag(int v) {
        return Integer.toUnsignedLong((v << 1) ^ (v >> 31));
    }

    private static int millisNanos(long ms) {
        return (int) Math.floorMod(ms, 1000L) * 1_000_000;
    }

    static int utf8Length(String s) {
        return ProtoWire.utf8Length(s);
    }
}
