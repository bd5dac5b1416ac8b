package io.ferry.otlp.wire;

import io.ferry.wire.ByteSink;
import io.ferry.wire.GoJson;
import io.ferry.wire.ProtoWire;

import java.time.Duration;
import java.util.List;

/**
 * The bodies OTLP receivers answer with: {@code ExportMetricsServiceResponse} (with
 * {@code partial_success} when points were rejected) and {@code google.rpc.Status} (with
 * {@code RetryInfo} when the client should retry, {@code BadRequest} naming what was wrong), each as
 * protobuf and as OTLP/JSON (proto3's JSON mapping: int64 as a string, {@code Any} with its
 * {@code @type}, a duration as {@code "1.500s"}).
 *
 * <pre>{@code
 * byte[] ok = OtlpResponses.exportResponseProtobuf(0, "");               // empty message
 * byte[] partial = OtlpResponses.exportResponseJson(3, "NaN timestamp"); // partialSuccess set
 * byte[] busy = OtlpResponses.statusProtobuf(new OtlpResponses.Status(
 *         OtlpResponses.UNAVAILABLE, "ingest is behind", Duration.ofSeconds(2), List.of()));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpResponses {
    /** gRPC status codes the receivers use. */
    public static final int INVALID_ARGUMENT = 3;
    public static final int RESOURCE_EXHAUSTED = 8;
    public static final int UNAUTHENTICATED = 16;
    public static final int PERMISSION_DENIED = 7;
    public static final int INTERNAL = 13;
    public static final int UNAVAILABLE = 14;

    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    private static final String BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest";

    private OtlpResponses() {
    }

    /**
     * A {@code google.rpc.Status}: its code, English message, and the details Ferry sends: a
     * {@code RetryInfo} when {@code retryDelay} is not null, a {@code BadRequest} with one field
     * violation per entry of {@code violations} (field path, description).
     */
    public record Status(int code, String message, Duration retryDelay, List<FieldViolation> violations) {
        public Status {
            if (retryDelay != null && retryDelay.isNegative()) {
                throw new IllegalArgumentException("negative retry delay " + retryDelay);
            }
            violations = List.copyOf(violations);
        }
    }

    /** One {@code google.rpc.BadRequest.FieldViolation}. */
    public record FieldViolation(String field, String description) {
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

    /** {@link #exportResponseProtobuf}'s message in OTLP/JSON: {@code {}} on full success. */
    public static byte[] exportResponseJson(long rejectedDataPoints, String errorMessage) {
        ByteSink out = new ByteSink(64 + errorMessage.length() * 2);
        GoJson json = new GoJson(out).beginObject();
        if (rejectedDataPoints != 0 || !errorMessage.isEmpty()) {
            json.name("partialSuccess").beginObject();
            if (rejectedDataPoints != 0) {
                json.name("rejectedDataPoints").value(Long.toString(rejectedDataPoints));
            }
            if (!errorMessage.isEmpty()) {
                json.name("errorMessage").value(errorMessage);
            }
            json.endObject();
        }
        json.endObject();
        return out.toByteArray();
    }

    /** A {@code google.rpc.Status} in protobuf, for an HTTP error body or gRPC's {@code grpc-status-details-bin}. */
    public static byte[] statusProtobuf(Status status) {
        ByteSink out = new ByteSink(64 + status.message().length() * 3);
        if (status.code() != 0) {
            ProtoWire.writeTag(out, 1, ProtoWire.VARINT);
            ProtoWire.writeVarint(out, status.code());
        }
        writeString(out, 2, status.message());
        if (status.retryDelay() != null) {
            ByteSink duration = new ByteSink(16);
            Duration d = status.retryDelay();
            if (d.getSeconds() != 0) {
                ProtoWire.writeTag(duration, 1, ProtoWire.VARINT);
                ProtoWire.writeVarint(duration, d.getSeconds());
            }
            if (d.getNano() != 0) {
                ProtoWire.writeTag(duration, 2, ProtoWire.VARINT);
                ProtoWire.writeVarint(duration, d.getNano());
            }
            ByteSink retryInfo = new ByteSink(16);
            writeMessage(retryInfo, 1, duration);
            writeAny(out, RETRY_INFO, retryInfo);
        }
        if (!status.violations().isEmpty()) {
            ByteSink badRequest = new ByteSink(64);
            for (FieldViolation v : status.violations()) {
                ByteSink violation = new ByteSink(32);
                writeString(violation, 1, v.field());
                writeString(violation, 2, v.description());
                writeMessage(badRequest, 1, violation);
            }
            writeAny(out, BAD_REQUEST, badRequest);
        }
        return out.toByteArray();
    }

    /** {@link #statusProtobuf}'s message in proto3 JSON. */
    public static byte[] statusJson(Status status) {
        ByteSink out = new ByteSink(64 + status.message().length() * 2);
        GoJson json = new GoJson(out).beginObject();
        if (status.code() != 0) {
            json.name("code").value(status.code());
        }
        if (!status.message().isEmpty()) {
            json.name("message").value(status.message());
        }
        if (status.retryDelay() != null || !status.violations().isEmpty()) {
            json.name("details").beginArray();
            if (status.retryDelay() != null) {
                json.beginObject().name("@type").value(RETRY_INFO)
                        .name("retryDelay").value(jsonDuration(status.retryDelay())).endObject();
            }
            if (!status.violations().isEmpty()) {
                json.beginObject().name("@type").value(BAD_REQUEST).name("fieldViolations").beginArray();
                for (FieldViolation v : status.violations()) {
                    json.beginObject().name("field").value(v.field()).name("description").value(v.description())
                            .endObject();
                }
                json.endArray().endObject();
            }
            json.endArray();
        }
        json.endObject();
        return out.toByteArray();
    }

    /** proto3 JSON's Duration: seconds with 0, 3, 6 or 9 fractional digits and an {@code s}. */
    static String jsonDuration(Duration d) {
        int nanos = d.getNano();
        String seconds = Long.toString(d.getSeconds());
        if (nanos == 0) {
            return seconds + "s";
        }
        String frac = nanos % 1_000_000 == 0 ? String.format("%03d", nanos / 1_000_000)
                : nanos % 1000 == 0 ? String.format("%06d", nanos / 1000) : String.format("%09d", nanos);
        return seconds + "." + frac + "s";
    }

    private static void writeAny(ByteSink out, String typeUrl, ByteSink value) {
        ByteSink any = new ByteSink(typeUrl.length() + value.size() + 8);
        writeString(any, 1, typeUrl);
        writeMessage(any, 2, value);
        writeMessage(out, 3, any);
    }
}
