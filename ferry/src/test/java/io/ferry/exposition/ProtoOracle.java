package io.ferry.exposition;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;
import io.ferry.exposition.internal.proto.ClientModel;
import io.ferry.model.MetricFamily;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The generated client_model classes, used as the reference encoder and decoder in tests. */
public final class ProtoOracle {
    private ProtoOracle() {
    }

    /** Encodes families as the generated classes do: each message prefixed by its varint length. */
    public static byte[] encode(ClientModel.MetricFamily... families) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ClientModel.MetricFamily f : families) {
                f.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Decodes a delimited body with the generated classes. */
    static List<ClientModel.MetricFamily> decode(byte[] body) {
        List<ClientModel.MetricFamily> families = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        try {
            ClientModel.MetricFamily f;
            while ((f = ClientModel.MetricFamily.parseDelimitedFrom(in)) != null) {
                families.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return families;
    }

    static List<MetricFamily> parse(byte[] body) throws ExpositionException {
        return new ProtobufParser(ParseLimits.DEFAULT).parse(body);
    }

    static byte[] write(MetricFamily... families) {
        return ProtobufWriter.INSTANCE.toBytes(List.of(families));
    }

    /** Writes fields by hand, for encodings the generated classes never produce. */
    interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /** A message body written by hand with {@link CodedOutputStream}. */
    static byte[] raw(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            fields.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Message bodies, each prefixed by its varint length. */
    static byte[] delimited(byte[]... messages) {
        return raw(out -> {
            for (byte[] m : messages) {
                out.writeUInt32NoTag(m.length);
                out.writeRawBytes(m);
            }
        });
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static ClientModel.LabelPair label(String name, String value) {
        return ClientModel.LabelPair.newBuilder().setName(name).setValue(value).build();
    }

    static Timestamp timestamp(long seconds, int nanos) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    static ClientModel.BucketSpan span(int offset, int length) {
        return ClientModel.BucketSpan.newBuilder().setOffset(offset).setLength(length).build();
    }

    static ClientModel.Exemplar exemplar(double value, Timestamp ts, ClientModel.LabelPair... labels) {
        ClientModel.Exemplar.Builder b = ClientModel.Exemplar.newBuilder().setValue(value);
        for (ClientModel.LabelPair l : labels) {
            b.addLabel(l);
        }
        if (ts != null) {
            b.setTimestamp(ts);
        }
        return b.build();
    }

    static ClientModel.MetricFamily.Builder family(String name, ClientModel.MetricType type) {
        return ClientModel.MetricFamily.newBuilder().setName(name).setType(type);
    }
}
