package io.ferry.remotewrite;

import io.ferry.wire.ByteSink;
import io.ferry.wire.ProtoWire;
import io.ferry.model.Labels;
import io.ferry.model.MetricType;
import io.ferry.remotewrite.internal.Utf8Cache;

/**
 * Encodes a remote write 1.0 {@code prometheus.WriteRequest} by hand, series by series, straight
 * into a reusable {@link ByteSink}.
 *
 * <pre>{@code
 * ByteSink sink = new ByteSink(1 << 20);
 * WriteRequestEncoder request = new WriteRequestEncoder(sink);
 * request.series("http_requests_total", Labels.of("job", "api", "code", "200"), 1027, nowMs);
 * request.metadata(MetricType.COUNTER, "http_requests_total", "Requests served.", null);
 * // sink.array()[0 .. sink.size()) is the uncompressed body; then SnappyBody, then RemoteWriteSender
 * request.reset(); // and the next batch reuses the same arrays
 * }</pre>
 *
 * <p><b>Wire shape.</b> A WriteRequest is nothing but its repeated fields ({@code timeseries = 1},
 * {@code metadata = 3}), with no enclosing length, so each series is written completely as soon as
 * it is added: its size is computed from the label strings' UTF-8 lengths (kept in a scratch array
 * so they are measured once), then tag, length, labels and samples follow. Labels go out sorted by
 * name with {@code __name__} in its sorted place, as the spec requires; fields are in field-number
 * order and proto3 defaults (a value whose bits are all zero, timestamp 0, an empty help or unit)
 * are left out, so for series added before any metadata the bytes equal those of the generated
 * protobuf-java classes. Values are written as their raw bits: the stale marker
 * ({@code 0x7ff0000000000002}) and every other NaN reach the receiver unchanged.
 *
 * <p><b>Labels with an empty value are not written</b>: in Prometheus an empty value means the label
 * is absent, and the spec forbids empty values on the wire.
 *
 * <p><b>Label strings.</b> Each label name and value goes through a bounded cache from the
 * {@link String} instance to its UTF-8 bytes ({@link Utf8Cache}, identity-keyed, direct-mapped), so
 * strings met before (a target's labels on every series, {@code le} and {@code __name__} on every
 * bucket, and whole label sets across scrapes when the producer reuses them) are measured and
 * converted once, then copied with {@code System.arraycopy}.
 *
 * <p><b>Allocation.</b> None per series or sample once the sink and the scratch arrays have grown to
 * the batch's size, except one array per string the cache has not seen (or has since replaced).
 *
 * <p>Not thread-safe: one encoder per batch being built (per shard, later).
 */
public final class WriteRequestEncoder {
    /** The spec's name of the label that holds the metric name. */
    public static final String METRIC_NAME_LABEL = "__name__";
    /** The Prometheus stale marker: a NaN that tells the receiver the series has ended. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    /** The stale marker as a double; use it as a sample value to end a series. */
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    private static final int METADATA = 3;
    // Tags (field number << 3 | wire type) of the series' fields, each one byte.
    private static final byte TIMESERIES_TAG = 1 << 3 | ProtoWire.LEN;
    private static final byte LABELS_TAG = 1 << 3 | ProtoWire.LEN;
    private static final byte LABEL_NAME_TAG = 1 << 3 | ProtoWire.LEN;
    private static final byte LABEL_VALUE_TAG = 2 << 3 | ProtoWire.LEN;
    private static final byte SAMPLES_TAG = 2 << 3 | ProtoWire.LEN;
    private static final byte SAMPLE_VALUE_TAG = 1 << 3 | ProtoWire.FIXED64;
    private static final byte SAMPLE_TIMESTAMP_TAG = 2 << 3 | ProtoWire.VARINT;

    private final ByteSink out;
    private final Utf8Cache utf8;
    /** The current series' label names and values as UTF-8, in wire order. */
    private byte[][] pairNames = new byte[16][];
    private byte[][] pairValues = new byte[16][];
    private int seriesCount;
    private int sampleCount;
    private int metadataCount;

    /** Slots of the UTF-8 cache: room for about ten times the distinct label strings of a large scrape (3,000 series). */
    public static final int DEFAULT_CACHE_SLOTS = 1 << 15;

    /** Writes into {@code out}, which holds this request alone: {@link #reset()} empties it. */
    public WriteRequestEncoder(ByteSink out) {
        this(out, DEFAULT_CACHE_SLOTS);
    }

    /** As {@link #WriteRequestEncoder(ByteSink)}, with a UTF-8 cache of {@code cacheSlots} strings. */
    public WriteRequestEncoder(ByteSink out, int cacheSlots) {
        this.out = out;
        this.utf8 = new Utf8Cache(cacheSlots);
    }

    /** The sink the request is written to. */
    public ByteSink sink() {
        return out;
    }

    /** Forgets the request written so far, keeping the buffers for the next one. */
    public void reset() {
        out.reset();
        seriesCount = 0;
        sampleCount = 0;
        metadataCount = 0;
    }

    public int seriesCount() {
        return seriesCount;
    }

    public int sampleCount() {
        return sampleCount;
    }

    public int metadataCount() {
        return metadataCount;
    }

    /** The bytes written so far: the uncompressed request body. */
    public int size() {
        return out.size();
    }

    /** Adds a series with one sample; {@code metricName} becomes its {@code __name__} label. */
    public void series(String metricName, Labels labels, double value, long timestampMs) {
        requireNoName(metricName, labels);
        writeSeries(metricName, labels, Labels.EMPTY, value, timestampMs, null, null, 1);
    }

    /**
     * Adds a series with {@code count} samples; {@code metricName} (may be null when
     * {@code labels} already hold {@code __name__}) becomes its {@code __name__} label.
     *
     * @throws IllegalArgumentException when the timestamps are not strictly increasing, which the
     *                                  spec requires within a series, or {@code count} is below 1
     */
    public void series(String metricName, Labels labels, double[] values, long[] timestampsMs, int count) {
        requireNoName(metricName, labels);
        if (count < 1 || count > values.length || count > timestampsMs.length) {
            throw new IllegalArgumentException("sample count " + count + " is not within 1.." + Math.min(values.length, timestampsMs.length));
        }
        for (int i = 1; i < count; i++) {
            if (timestampsMs[i] <= timestampsMs[i - 1]) {
                throw new IllegalArgumentException("sample timestamps must increase within a series: "
                        + timestampsMs[i - 1] + " then " + timestampsMs[i]);
            }
        }
        writeSeries(metricName, labels, Labels.EMPTY, 0, 0, values, timestampsMs, count);
    }

    /** Adds a series with one sample whose {@code labels} already hold {@code __name__}. */
    public void series(Labels labels, double value, long timestampMs) {
        writeSeries(null, labels, Labels.EMPTY, value, timestampMs, null, null, 1);
    }

    /**
     * Adds a series with one sample whose {@code labels} already hold {@code __name__}, with each of
     * {@code external} the series lacks added (Prometheus' {@code external_labels}: a label the
     * series has, with a non-empty value, wins). No label set is built for the merge.
     */
    public void series(Labels labels, Labels external, double value, long timestampMs) {
        writeSeries(null, labels, external, value, timestampMs, null, null, 1);
    }

    /**
     * The label fields of a series as this encoder writes them ({@link #series(Labels, Labels, double, long)}
     * with the same arguments), to be kept and passed to {@link #series(byte[], double, long)} for later
     * samples of the series, which then cost a copy instead of a merge and a conversion per label.
     */
    public byte[] labelFields(Labels labels, Labels external) {
        int pairs = collectPairs(null, labels, external);
        int size = pairsSize(pairs);
        byte[] b = new byte[size];
        writePairs(b, 0, pairs);
        return b;
    }

    /** Adds a series with one sample, its labels as {@link #labelFields} gave them. */
    public void series(byte[] labelFields, double value, long timestampMs) {
        series(labelFields, 0, labelFields.length, value, timestampMs);
    }

    /**
     * Adds a series with one sample, its labels as {@link io.ferry.model.LabelFields} in
     * {@code labelFields[offset .. offset + length)} (the same bytes {@link #labelFields} gives).
     */
    public void series(byte[] labelFields, int offset, int length, double value, long timestampMs) {
        int size = length + sampleFieldSize(value, timestampMs);
        out.ensure(1 + ProtoWire.varintSize(size) + size);
        byte[] b = out.array();
        int start = out.size();
        int p = start;
        b[p++] = TIMESERIES_TAG;
        p = varint(b, p, size);
        System.arraycopy(labelFields, offset, b, p, length);
        p = sample(b, p + length, value, timestampMs);
        out.advance(p - start);
        seriesCount++;
        sampleCount++;
    }

    /**
     * Adds a metric family's metadata ({@code MetricMetadata}, field 3). Prometheus sends metadata
     * in requests of its own; the receiver accepts it mixed with series too.
     *
     * @param help may be null
     * @param unit may be null
     */
    public void metadata(MetricType type, String familyName, String help, String unit) {
        int typeNumber = metadataType(type);
        int nameLength = ProtoWire.utf8Length(familyName);
        int helpLength = help == null ? 0 : ProtoWire.utf8Length(help);
        int unitLength = unit == null ? 0 : ProtoWire.utf8Length(unit);
        int size = (typeNumber == 0 ? 0 : 1 + ProtoWire.varintSize(typeNumber))
                + stringFieldSize(nameLength) + stringFieldSize(helpLength) + stringFieldSize(unitLength);
        out.ensure(1 + ProtoWire.varintSize(size) + size);
        ProtoWire.writeTag(out, METADATA, ProtoWire.LEN);
        ProtoWire.writeVarint(out, size);
        if (typeNumber != 0) {
            ProtoWire.writeTag(out, 1, ProtoWire.VARINT);
            ProtoWire.writeVarint(out, typeNumber);
        }
        writeString(2, familyName, nameLength);
        writeString(4, help, helpLength);
        writeString(5, unit, unitLength);
        metadataCount++;
    }

    /** {@code MetricMetadata.MetricType}'s number for a model type (UNKNOWN=0 .. STATESET=7). */
    public static int metadataType(MetricType type) {
        return switch (type) {
            case UNTYPED, UNKNOWN -> 0;
            case COUNTER -> 1;
            case GAUGE -> 2;
            case HISTOGRAM -> 3;
            case GAUGE_HISTOGRAM -> 4;
            case SUMMARY -> 5;
            case INFO -> 6;
            case STATESET -> 7;
        };
    }

    private static void requireNoName(String metricName, Labels labels) {
        if (metricName != null && labels.indexOf(METRIC_NAME_LABEL) >= 0) {
            throw new IllegalArgumentException("a metric name was given and the labels hold " + METRIC_NAME_LABEL + " too");
        }
    }

    private void writeSeries(String metricName, Labels labels, Labels extra, double value, long timestampMs,
                             double[] values, long[] timestampsMs, int count) {
        int pairs = collectPairs(metricName, labels, extra);
        int size = pairsSize(pairs);
        if (values == null) {
            size += sampleFieldSize(value, timestampMs);
        } else {
            for (int i = 0; i < count; i++) {
                size += sampleFieldSize(values[i], timestampsMs[i]);
            }
        }

        // Measured above, so the whole series is written into the array in one pass, no check per byte.
        out.ensure(1 + ProtoWire.varintSize(size) + size);
        byte[] b = out.array();
        int start = out.size();
        int p = start;
        b[p++] = TIMESERIES_TAG;
        p = varint(b, p, size);
        p = writePairs(b, p, pairs);
        if (values == null) {
            p = sample(b, p, value, timestampMs);
        } else {
            for (int i = 0; i < count; i++) {
                p = sample(b, p, values[i], timestampsMs[i]);
            }
        }
        out.advance(p - start);
        seriesCount++;
        sampleCount += count;
    }

    /**
     * Puts the UTF-8 bytes of the series' label pairs in wire order into the scratch arrays: the
     * labels merged with {@code metricName} as {@code __name__} and with the {@code extra} labels the
     * series lacks, sorted by name, empty values left out. Returns how many pairs.
     */
    private int collectPairs(String metricName, Labels labels, Labels extra) {
        int most = labels.size() + extra.size() + 1;
        if (pairNames.length < most) {
            pairNames = new byte[Math.max(most, 2 * pairNames.length)][];
            pairValues = new byte[pairNames.length][];
        }
        boolean name = metricName != null && !metricName.isEmpty();
        int n = 0;
        int i = 0;
        int e = 0;
        while (true) {
            // The next name in order among the three sources; null when all are used up.
            String next = i < labels.size() ? labels.name(i) : null;
            if (e < extra.size() && (next == null || extra.name(e).compareTo(next) < 0)) {
                next = extra.name(e);
            }
            if (name && (next == null || METRIC_NAME_LABEL.compareTo(next) < 0)) {
                pairNames[n] = utf8.bytes(METRIC_NAME_LABEL);
                pairValues[n++] = utf8.bytes(metricName);
                name = false;
                continue;
            }
            if (next == null) {
                return n;
            }
            String v = null;
            if (i < labels.size() && labels.name(i).equals(next)) {
                v = labels.value(i++);
            }
            if (e < extra.size() && extra.name(e).equals(next)) {
                String ev = extra.value(e++);
                if (v == null || v.isEmpty()) {
                    v = ev; // an external label is added only when the series lacks it, as in Prometheus
                }
            }
            if (!v.isEmpty()) {
                pairNames[n] = utf8.bytes(next);
                pairValues[n++] = utf8.bytes(v);
            }
        }
    }

    /** Writes the collected pairs as {@code Label} fields from {@code b[p]}; returns the position after them. */
    private int writePairs(byte[] b, int p, int pairs) {
        for (int i = 0; i < pairs; i++) {
            byte[] name = pairNames[i];
            byte[] labelValue = pairValues[i];
            b[p++] = LABELS_TAG;
            p = varint(b, p, stringFieldSize(name.length) + stringFieldSize(labelValue.length));
            p = bytesField(b, p, LABEL_NAME_TAG, name);
            p = bytesField(b, p, LABEL_VALUE_TAG, labelValue);
        }
        return p;
    }

    /** The bytes of the collected pairs as {@code Label} fields. */
    private int pairsSize(int pairs) {
        int size = 0;
        for (int i = 0; i < pairs; i++) {
            size += labelSize(pairNames[i].length, pairValues[i].length);
        }
        return size;
    }

    private static int labelSize(int nameLength, int valueLength) {
        int body = stringFieldSize(nameLength) + stringFieldSize(valueLength);
        return 1 + ProtoWire.varintSize(body) + body;
    }

    private static int stringFieldSize(int length) {
        return length == 0 ? 0 : 1 + ProtoWire.varintSize(length) + length;
    }

    private static int sampleBodySize(double value, long timestampMs) {
        return (Double.doubleToRawLongBits(value) == 0 ? 0 : 9)
                + (timestampMs == 0 ? 0 : 1 + ProtoWire.varintSize(timestampMs));
    }

    private static int sampleFieldSize(double value, long timestampMs) {
        int body = sampleBodySize(value, timestampMs);
        return 1 + ProtoWire.varintSize(body) + body;
    }

    private static int bytesField(byte[] b, int p, byte tag, byte[] bytes) {
        if (bytes.length == 0) {
            return p;
        }
        b[p++] = tag;
        p = varint(b, p, bytes.length);
        System.arraycopy(bytes, 0, b, p, bytes.length);
        return p + bytes.length;
    }

    private static int varint(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    private static int sample(byte[] b, int p, double value, long timestampMs) {
        b[p++] = SAMPLES_TAG;
        p = varint(b, p, sampleBodySize(value, timestampMs));
        long bits = Double.doubleToRawLongBits(value);
        if (bits != 0) {
            b[p++] = SAMPLE_VALUE_TAG;
            for (int i = 0; i < 8; i++) {
                b[p++] = (byte) (bits >>> (i << 3));
            }
        }
        if (timestampMs != 0) {
            b[p++] = SAMPLE_TIMESTAMP_TAG;
            p = varint(b, p, timestampMs);
        }
        return p;
    }

    private void writeString(int field, String s, int length) {
        if (length == 0) {
            return;
        }
        ProtoWire.writeTag(out, field, ProtoWire.LEN);
        ProtoWire.writeVarint(out, length);
        out.writeUtf8(s);
    }
}
