package io.ferry.server;

import io.ferry.otlp.wire.OtlpResponses;
import io.ferry.wire.ByteSink;
import io.ferry.wire.ProtoWire;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The bodies the OTLP receivers answer with, in the request's encoding: the export response
 * ({@code partial_success} when points were rejected) and {@code google.rpc.Status} with gRPC's
 * code, the message, and {@code RetryInfo} when the client should retry after a delay.
 *
 * <pre>{@code
 * byte[] body = OtlpStatus.exportResponse(false, result.rejectedPoints(), result.message());
 * byte[] error = OtlpStatus.status(true, OtlpStatus.UNAVAILABLE, "busy", Duration.ofSeconds(1));
 * }</pre>
 */
final class OtlpStatus {
    static final int OK = 0;
    static final int INVALID_ARGUMENT = 3;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

    private OtlpStatus() {
    }

    /** {@code ExportMetricsServiceResponse}, {@code partial_success} unset on full success. */
    static byte[] exportResponse(boolean json, long rejected, String message) {
        if (!json) {
            return OtlpResponses.exportResponseProtobuf(rejected, message);
        }
        JsonObject response = new JsonObject();
        if (rejected != 0 || !message.isEmpty()) {
            JsonObject partial = new JsonObject();
            if (rejected != 0) {
                partial.put("rejectedDataPoints", Long.toString(rejected));
            }
            if (!message.isEmpty()) {
                partial.put("errorMessage", message);
            }
            response.put("partialSuccess", partial);
        }
        return response.encode().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code google.rpc.Status}; with {@code RetryInfo} when {@code retryDelay} is not null. */
    static byte[] status(boolean json, int code, String message, Duration retryDelay) {
        if (json) {
            JsonObject status = new JsonObject().put("code", code).put("message", message);
            if (retryDelay != null) {
                status.put("details", new JsonArray().add(new JsonObject().put("@type", RETRY_INFO)
                        .put("retryDelay", java.math.BigDecimal.valueOf(retryDelay.toNanos(), 9).stripTrailingZeros()
                                .toPlainString() + "s")));
            }
            return status.encode().getBytes(StandardCharsets.UTF_8);
        }
        ByteSink out = new ByteSink(64 + message.length() * 3);
        if (code != 0) {
            ProtoWire.writeTag(out, 1, ProtoWire.VARINT);
            ProtoWire.writeVarint(out, code);
        }
        writeString(out, 2, message);
        if (retryDelay != null) {
            ByteSink duration = new ByteSink(16);
            if (retryDelay.getSeconds() != 0) {
                ProtoWire.writeTag(duration, 1, ProtoWire.VARINT);
                ProtoWire.writeVarint(duration, retryDelay.getSeconds());
            }
            if (retryDelay.getNano() != 0) {
                ProtoWire.writeTag(duration, 2, ProtoWire.VARINT);
                ProtoWire.writeVarint(duration, retryDelay.getNano());
            }
            ByteSink retryInfo = new ByteSink(24);
            writeMessage(retryInfo, 1, duration);
            ByteSink any = new ByteSink(64);
            writeString(any, 1, RETRY_INFO);
            writeMessage(any, 2, retryInfo);
            writeMessage(out, 3, any);
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
