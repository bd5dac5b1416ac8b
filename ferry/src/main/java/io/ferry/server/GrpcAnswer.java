package io.ferry.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * gRPC's answers over HTTP/2, as its wire protocol (PROTOCOL-HTTP2.md) has them: HTTP 200 with
 * {@code content-type: application/grpc}, the response message in a length-prefixed frame, and the
 * status in the trailers ({@code grpc-status: 0}); an error as a trailers-only answer whose headers
 * carry {@code grpc-status}, the percent-encoded {@code grpc-message}, and, when the client should
 * retry after a delay or the request could not be decoded, {@code grpc-status-details-bin}: a
 * {@code google.rpc.Status} with {@code RetryInfo} or {@code BadRequest}.
 *
 * <pre>{@code
 * GrpcAnswer.ok(ctx, responseBytes);
 * GrpcAnswer.error(ctx, OtlpStatus.UNAVAILABLE, "busy", Duration.ofSeconds(1));
 * }</pre>
 */
final class GrpcAnswer {
    static final String CONTENT_TYPE = "application/grpc";

    private GrpcAnswer() {
    }

    /** The message, uncompressed, then {@code grpc-status: 0}. */
    static void ok(RoutingContext ctx, byte[] message) {
        Buffer frame = Buffer.buffer(5 + message.length).appendByte((byte) 0).appendInt(message.length)
                .appendBytes(message);
        ctx.response().setStatusCode(200).putHeader("content-type", CONTENT_TYPE).putTrailer("grpc-status", "0")
                .end(frame);
    }

    /** A trailers-only error; with {@code retryDelay}, {@code RetryInfo} in the status details. */
    static void error(RoutingContext ctx, int code, String message, Duration retryDelay) {
        error(ctx, code, message, retryDelay, null);
    }

    /** As {@link #error(RoutingContext, int, String, Duration)}, with a {@code BadRequest} naming {@code field}. */
    static void error(RoutingContext ctx, int code, String message, Duration retryDelay, String field) {
        HttpServerResponse response = ctx.response().setStatusCode(200).putHeader("content-type", CONTENT_TYPE)
                .putHeader("grpc-status", Integer.toString(code))
                .putHeader("grpc-message", percentEncode(message));
        if (retryDelay != null || field != null) {
            response.putHeader("grpc-status-details-bin", Base64.getEncoder().withoutPadding()
                    .encodeToString(OtlpStatus.status(false, code, message, retryDelay, field)));
        }
        response.end();
    }

    /** Refusals of the body reader: too large is {@code RESOURCE_EXHAUSTED}, no room {@code UNAVAILABLE} with a delay. */
    static RawBody.Refusal refusal(OtlpReceiver receiver) {
        return (ctx, status, message) -> {
            if (status == 413) {
                receiver.refusedEarly("grpc", OtlpReceiver.Refused.Kind.TOO_LARGE);
                error(ctx, OtlpStatus.RESOURCE_EXHAUSTED, message.strip(), null);
            } else {
                error(ctx, OtlpStatus.UNAVAILABLE, message.strip(), Duration.ofSeconds(BodyBudget.RETRY_AFTER_SECONDS));
            }
        };
    }

    /** {@code grpc-message}'s encoding: UTF-8, with bytes outside printable ASCII and {@code %} as {@code %XX}. */
    static String percentEncode(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
