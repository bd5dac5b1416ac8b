package io.ferry.state.internal;

import io.ferry.wire.ByteSink;
import io.ferry.exposition.ExpositionException;
import io.ferry.exposition.ParseLimits;
import io.ferry.exposition.ProtobufParser;
import io.ferry.exposition.ProtobufWriter;
import io.ferry.model.Labels;
import io.ferry.model.MetricFamily;
import io.ferry.model.MetricType;
import io.ferry.state.Group;
import io.ferry.state.Mutation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one log or snapshot record: an operation code, the grouping key, times, and the
 * families as delimited client_model protobuf, each preceded by its model type (protobuf has no
 * info, stateset or unknown, and a restart must give back exactly what was pushed).
 */
public final class MutationCodec {
    private static final byte REPLACE = 1;
    private static final byte MERGE = 2;
    private static final byte FAILURE = 3;
    private static final byte DELETE = 4;
    private static final byte WIPE = 5;
    /** A snapshot group without per-family push times, as first stored: all families at the push time. */
    private static final byte RESTORE_V1 = 6;
    private static final byte RESTORE = 7;
    private static final byte MERGE_SERIES = 8;
    private static final byte EXPIRE = 9;

    private static final ParseLimits UNLIMITED = new ParseLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
    // Stored codes, fixed forever: the enum's order may change, the files may not.
    private static final MetricType[] TYPES = {MetricType.COUNTER, MetricType.GAUGE, MetricType.HISTOGRAM,
            MetricType.SUMMARY, MetricType.UNTYPED, MetricType.UNKNOWN, MetricType.INFO, MetricType.STATESET,
            MetricType.GAUGE_HISTOGRAM};

    private static int code(MetricType type) {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i] == type) {
                return i;
            }
        }
        throw new IllegalArgumentException("no stored code for " + type);
    }

    private MutationCodec() {
    }

    public static void encode(Mutation m, ByteSink out) {
        switch (m) {
            case Mutation.Replace r -> {
                out.write(REPLACE);
                key(r.key(), out);
                time(r.timeSeconds(), out);
                families(r.families(), out);
            }
            case Mutation.Merge r -> {
                out.write(MERGE);
                key(r.key(), out);
                time(r.timeSeconds(), out);
                families(r.families(), out);
            }
            case Mutation.MergeSeries r -> {
                out.write(MERGE_SERIES);
                key(r.key(), out);
                time(r.timeSeconds(), out);
                families(r.families(), out);
            }
            case Mutation.Failure f -> {
                out.write(FAILURE);
                key(f.key(), out);
                time(f.timeSeconds(), out);
            }
            case Mutation.Delete d -> {
                out.write(DELETE);
                key(d.key(), out);
            }
            case Mutation.Expire e -> {
                out.write(EXPIRE);
                key(e.key(), out);
                time(e.lastPushSeconds(), out);
            }
            case Mutation.Wipe w -> out.write(WIPE);
            case Mutation.Restore r -> {
                Group g = r.group();
                out.write(RESTORE);
                key(g.key(), out);
                time(g.pushTimeSeconds(), out);
                time(g.pushFailureTimeSeconds(), out);
                families(g.families(), out);
                for (int i = 0; i < g.families().size(); i++) {
                    time(g.familyPushTimeSeconds(i), out);
                }
            }
        }
    }

    /** Decodes one record; throws {@link IOException} when the bytes are not one. */
    public static Mutation decode(ByteBuffer in) throws IOException {
        try {
            byte op = in.get();
            Mutation m = switch (op) {
                case REPLACE, MERGE, MERGE_SERIES -> {
                    Labels key = key(in);
                    double time = in.getDouble();
                    List<MetricFamily> families = families(in);
                    yield switch (op) {
                        case REPLACE -> new Mutation.Replace(key, families, time);
                        case MERGE -> new Mutation.Merge(key, families, time);
                        default -> new Mutation.MergeSeries(key, families, time);
                    };
                }
                case FAILURE -> new Mutation.Failure(key(in), in.getDouble());
                case DELETE -> new Mutation.Delete(key(in));
                case WIPE -> new Mutation.Wipe();
                case EXPIRE -> new Mutation.Expire(key(in), in.getDouble());
                case RESTORE_V1 -> {
                    Labels key = key(in);
                    double push = in.getDouble();
                    double failure = in.getDouble();
                    yield new Mutation.Restore(new Group(key, families(in), push, failure));
                }
                case RESTORE -> {
                    Labels key = key(in);
                    double push = in.getDouble();
                    double failure = in.getDouble();
                    List<MetricFamily> families = families(in);
                    double[] times = new double[families.size()];
                    for (int i = 0; i < times.length; i++) {
                        times[i] = in.getDouble();
                    }
                    yield new Mutation.Restore(new Group(key, families, times, push, failure));
                }
                default -> throw new IOException("unknown record type " + op);
            };
            if (in.hasRemaining()) {
                throw new IOException(in.remaining() + " bytes left after the record");
            }
            return m;
        } catch (RuntimeException e) {
            throw new IOException("malformed record: " + e, e);
        }
    }

    private static void key(Labels key, ByteSink out) {
        varint(key.size(), out);
        for (int i = 0; i < key.size(); i++) {
            string(key.name(i), out);
            string(key.value(i), out);
        }
    }

    private static Labels key(ByteBuffer in) throws IOException {
        int n = varint(in);
        Labels.Builder b = Labels.builder();
        for (int i = 0; i < n; i++) {
            if (!b.tryAdd(string(in), string(in))) {
                throw new IOException("repeated label in a grouping key");
            }
        }
        return b.build();
    }

    private static void time(double seconds, ByteSink out) {
        long bits = Double.doubleToRawLongBits(seconds);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (bits >>> (i * 8)));
        }
    }

    private static void families(List<MetricFamily> families, ByteSink out) {
        varint(families.size(), out);
        ByteSink one = new ByteSink(256);
        for (MetricFamily f : families) {
            one.reset();
            ProtobufWriter.INSTANCE.write(List.of(f), one);
            out.write(code(f.type()));
            varint(one.size(), out);
            out.write(one.array(), 0, one.size());
        }
    }

    private static List<MetricFamily> families(ByteBuffer in) throws IOException {
        int n = varint(in);
        List<MetricFamily> out = new ArrayList<>(n);
        ProtobufParser parser = new ProtobufParser(UNLIMITED);
        for (int i = 0; i < n; i++) {
            MetricType type = TYPES[in.get()];
            byte[] bytes = new byte[varint(in)];
            in.get(bytes);
            try {
                for (MetricFamily f : parser.parse(bytes)) {
                    out.add(f.type() == type ? f : new MetricFamily(f.name(), type, f.help(), f.unit(), f.metrics()));
                }
            } catch (ExpositionException e) {
                throw new IOException("malformed families: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void string(String s, ByteSink out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length, out);
        out.write(b);
    }

    private static String string(ByteBuffer in) throws IOException {
        byte[] b = new byte[varint(in)];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void varint(int v, ByteSink out) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int varint(ByteBuffer in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = in.get();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (v < 0) {
                    throw new IOException("negative length");
                }
                return v;
            }
        }
        throw new IOException("varint too long");
    }
}
