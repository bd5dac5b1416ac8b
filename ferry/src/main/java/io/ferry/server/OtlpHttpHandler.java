package io.ferry.server;

import io.ferry.otlp.OtlpRefusal;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code POST /v1/metrics}: OTLP/HTTP, binary protobuf ({@code application/x-protobuf}) or
 * OTLP/JSON ({@code application/json}), plain or gzipped. Answers in the request's content type:
 * 200 with {@code ExportMetricsServiceResponse} once the export is durable ({@code partial_success}
 * naming the rejected points); a {@code google.rpc.Status} with 400 for a request that cannot be
 * decoded, 413 for one over {@code otlp.max_request_bytes} (decompressed), 415 for another content
 * type or encoding, 429 when ingest is busy and 503 when the store cannot write, both with
 * {@code Retry-After}, which OTLP clients retry (docs/otlp.md).
 */
final class OtlpHttpHandler implements Handler<RoutingContext> {
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private final OtlpReceiver receiver;

    OtlpHttpHandler(OtlpReceiver receiver) {
        this.receiver = receiver;
    }

    /** Answers refusals of the body reader ({@link RawBody}) as this handler answers its own. */
    static RawBody.Refusal refusal(OtlpReceiver receiver) {
        return (ctx, status, message) -> {
            if (status == 413) {
                receiver.refusedEarly("http", OtlpReceiver.Refused.Kind.TOO_LARGE);
            }
            if (ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
            boolean retry = status == 503;
            status(ctx, isJson(ctx), status, retry ? OtlpStatus.UNAVAILABLE : OtlpStatus.RESOURCE_EXHAUSTED,
                    message.strip(), null, null);
        };
    }

    @Override
    public void handle(RoutingContext ctx) {
        String type = mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        boolean json = type.equals(JSON);
        if (!json && !type.equals(PROTOBUF)) {
            receiver.refusedEarly("http", OtlpReceiver.Refused.Kind.UNSUPPORTED);
            status(ctx, false, 415, OtlpStatus.INVALID_ARGUMENT, "unsupported Content-Type \"" + type
                    + "\": OTLP/HTTP takes " + PROTOBUF + " or " + JSON, null, null);
            return;
        }
        String encoding = contentEncoding(ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING));
        if (encoding != null && !encoding.equals("gzip")) {
            receiver.refusedEarly("http", OtlpReceiver.Refused.Kind.UNSUPPORTED);
            status(ctx, json, 415, OtlpStatus.INVALID_ARGUMENT, "unsupported Content-Encoding \"" + encoding
                    + "\": OTLP/HTTP takes gzip or none", null, null);
            return;
        }
        receiver.receive(ctx, RawBody.of(ctx), encoding, json, "http").onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, json ? JSON : PROTOBUF)
                        .end(io.vertx.core.buffer.Buffer.buffer(OtlpStatus.exportResponse(json,
                                done.result().rejectedPoints(), done.result().message())));
            } else if (done.cause() instanceof OtlpReceiver.Refused r) {
                int status = switch (r.kind()) {
                    case TOO_LARGE -> 413;
                    case BAD_REQUEST -> 400;
                    case UNSUPPORTED -> 415;
                };
                status(ctx, json, status, r.kind() == OtlpReceiver.Refused.Kind.TOO_LARGE
                        ? OtlpStatus.RESOURCE_EXHAUSTED : OtlpStatus.INVALID_ARGUMENT, r.getMessage(), null, r.field());
            } else if (done.cause() instanceof OtlpRefusal r) {
                int status = r.reason() == OtlpRefusal.Reason.OVERLOADED ? 429 : 503;
                status(ctx, json, status, OtlpStatus.UNAVAILABLE, r.getMessage(), r.retryAfter(), null);
            } else {
                ctx.fail(500, done.cause());
            }
        });
    }

    /**
     * A {@code google.rpc.Status} answer; with {@code retryAfter}, also as {@code Retry-After}
     * (whole seconds, at least 1).
     */
    private static void status(RoutingContext ctx, boolean json, int httpStatus, int code, String message,
                               Duration retryAfter, String field) {
        HttpServerResponse response = ctx.response().setStatusCode(httpStatus)
                .putHeader(HttpHeaders.CONTENT_TYPE, json ? JSON : PROTOBUF);
        if (retryAfter != null) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        response.end(io.vertx.core.buffer.Buffer.buffer(OtlpStatus.status(json, code, message, retryAfter, field)));
    }

    private static boolean isJson(RoutingContext ctx) {
        return mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).equals(JSON);
    }

    /** The media type without parameters, lower case; {@code ""} when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** {@code gzip} (also for {@code x-gzip}), null for none or {@code identity}, else the coding as given. */
    static String contentEncoding(String header) {
        if (header == null) {
            return null;
        }
        String coding = header.strip().toLowerCase(Locale.ROOT);
        return coding.isEmpty() || coding.equals("identity") ? null : coding.equals("x-gzip") ? "gzip" : coding;
    }
}
