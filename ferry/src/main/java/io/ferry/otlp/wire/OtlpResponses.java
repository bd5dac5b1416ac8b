package io.ferry.otlp.wire;

import io.ferry.wire.ByteSink;
import io.ferry.wire.ProtoWire;

/**
 * The bodies OTLP receivers answer with: {@code ExportMetricsServiceResponse} (with
 * {@code partial_success} when points were rejected) and {@code google.rpc.Status} (with
 * {@code RetryInfo} when the client should retry), each as protobuf and as OTLP/JSON.
 *
 * <pre>{@code
 * byte[] ok = OtlpResponses.exportResponseProtobuf(0, "");             // empty message
 * byte[] partial = OtlpResponses.exportResponseJson(3, "NaN timestamp"); // partialSuccess set
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpResponses {
    private OtlpResponses() {
    }

    /**
     * {@code ExportMetricsServiceResponse}: {@code partial_success} is set when {@code rejectedDataPoints}
     * is not 0 or {@code errorMessage} is not empty (a warning), left unset on full success.
     */
    public static byte[] exportResponseProtobuf(long rejectedDataPoints, String errorMessage) {
        ByteSink out = new ByteSink(32 + errorMessage.length() * 3);
        if (rejectedDataPoints != 0 || !errorMessage.isEmpty()) {
            ByteSink partial = new ByteSink(16 + errorMessage.length() * 3);
            if (rejectedDataPoints != 0) {
                ProtoWire.writeTag(partial, 1, ProtoWire.VARINT);
                ProtoWire.writeVarint(partial, rejectedDataPoints);
            }
            writeString(partial, 2, errorMessage);
            writeMessage(out, 1, partial);
        }
        return out.toByteArray();
    }

    private static void writeString(ByteSink out, int field, String s) {
        if (s.isEmpty()) {
            return;
        }
        ProtoWire.writeTag(out, field, ProtoWire.LEN);
        ProtoWire.writeVarint(out, ProtoWire.utf8Length(s));
        out.writeUtf8(s);
    }

    private static void writeMessage(ByteSink out, int field, ByteSink message) {
        ProtoWire.writeTag(out, field, ProtoWire.LEN);
        ProtoWire.writeVarint(out, message.size());
        out.write(message.array(), 0, message.size());
    }
}
