package io.ferry.server;

import io.ferry.otlp.wire.OtlpResponses;

import java.time.Duration;
import java.util.List;

/**
 * The bodies the OTLP receivers answer with, in the request's encoding ({@link OtlpResponses}):
 * the export response ({@code partial_success} when points were rejected) and
 * {@code google.rpc.Status} with gRPC's code, the message, {@code RetryInfo} when the client should
 * retry after a delay, and a {@code BadRequest} naming the field a request could not be decoded at.
 *
 * <pre>{@code
 * byte[] body = OtlpStatus.exportResponse(false, result.rejectedPoints(), result.message());
 * byte[] error = OtlpStatus.status(true, OtlpStatus.UNAVAILABLE, "busy", Duration.ofSeconds(1), null);
 * }</pre>
 */
final class OtlpStatus {
    static final int INVALID_ARGUMENT = OtlpResponses.INVALID_ARGUMENT;
    static final int RESOURCE_EXHAUSTED = OtlpResponses.RESOURCE_EXHAUSTED;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = OtlpResponses.INTERNAL;
    static final int UNAVAILABLE = OtlpResponses.UNAVAILABLE;

    private OtlpStatus() {
    }

    /** {@code ExportMetricsServiceResponse}, {@code partial_success} unset on full success. */
    static byte[] exportResponse(boolean json, long rejected, String message) {
        return json ? OtlpResponses.exportResponseJson(rejected, message)
                : OtlpResponses.exportResponseProtobuf(rejected, message);
    }

    /**
     * {@code google.rpc.Status}; with {@code RetryInfo} when {@code retryDelay} is not null, with a
     * {@code BadRequest} field violation when {@code field} is not null.
     */
    static byte[] status(boolean json, int code, String message, Duration retryDelay, String field) {
        OtlpResponses.Status status = new OtlpResponses.Status(code, message, retryDelay,
                field == null ? List.of() : List.of(new OtlpResponses.FieldViolation(field, message)));
        return json ? OtlpResponses.statusJson(status) : OtlpResponses.statusProtobuf(status);
    }
}
