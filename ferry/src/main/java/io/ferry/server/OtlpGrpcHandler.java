package io.ferry.server;

import io.ferry.otlp.OtlpRefusal;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Locale;

/**
 * OTLP/gRPC's unary {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export} over
 * HTTP/2: the body is one length-prefixed message, gzipped when its flag says so and
 * {@code grpc-encoding} is {@code gzip}. Answers as {@link GrpcAnswer} writes: {@code OK} with the
 * export response once durable ({@code partial_success} naming rejected points);
 * {@code INVALID_ARGUMENT} for a message that cannot be decoded; {@code RESOURCE_EXHAUSTED}
 * without {@code RetryInfo} (not retried) for one over {@code otlp.max_request_bytes};
 * {@code UNAVAILABLE} with {@code RetryInfo} when ingest is busy or the store cannot write, which
 * OTLP clients retry; {@code UNIMPLEMENTED} for another compression. A content type other than
 * {@code application/grpc} is answered 415, as gRPC servers do.
 */
final class OtlpGrpcHandler implements Handler<RoutingContext> {
    static final String PATH = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    /** The frame's header: the compressed flag and the message length. */
    static final int FRAME_HEADER = 5;

    private final OtlpReceiver receiver;

    OtlpGrpcHandler(OtlpReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String type = OtlpHttpHandler.mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
        if (!type.equals(GrpcAnswer.CONTENT_TYPE) && !type.startsWith(GrpcAnswer.CONTENT_TYPE + "+")) {
            receiver.refusedEarly("grpc", OtlpReceiver.Refused.Kind.UNSUPPORTED);
            Plain.send(ctx, 415, "unsupported Content-Type \"" + type + "\": gRPC takes application/grpc\n");
            return;
        }
        byte[] body = RawBody.of(ctx);
        long length = body.length < FRAME_HEADER ? -1
                : ((body[1] & 0xffL) << 24) | ((body[2] & 0xff) << 16) | ((body[3] & 0xff) << 8) | (body[4] & 0xff);
        if (length < 0 || FRAME_HEADER + length != body.length) {
            refuse(ctx, OtlpStatus.INVALID_ARGUMENT, length < 0 ? "the request holds no gRPC message"
                    : "the request must hold exactly one gRPC message: its frame says " + length + " bytes, "
                    + (body.length - FRAME_HEADER) + " follow");
            return;
        }
        String encoding = null;
        if (body[0] == 1) {
            String coding = ctx.request().getHeader("grpc-encoding");
            coding = coding == null ? "identity" : coding.strip().toLowerCase(Locale.ROOT);
            if (coding.equals("identity")) {
                refuse(ctx, OtlpStatus.INTERNAL, "the message is flagged compressed but grpc-encoding names none");
                return;
            }
            if (!coding.equals("gzip")) {
                ctx.response().putHeader("grpc-accept-encoding", "gzip,identity");
                refuse(ctx, OtlpStatus.UNIMPLEMENTED, "unsupported grpc-encoding \"" + coding + "\": Ferry takes gzip");
                return;
            }
            encoding = "gzip";
        } else if (body[0] != 0) {
            refuse(ctx, OtlpStatus.INTERNAL, "invalid compressed flag " + (body[0] & 0xff) + " in the message frame");
            return;
        }
        byte[] message = Arrays.copyOfRange(body, FRAME_HEADER, body.length);
        receiver.receive(ctx, message, encoding, false, "grpc").onComplete(done -> {
            if (done.succeeded()) {
                GrpcAnswer.ok(ctx, OtlpStatus.exportResponse(false, done.result().rejectedPoints(),
                        done.result().message()));
            } else if (done.cause() instanceof OtlpReceiver.Refused r) {
                GrpcAnswer.error(ctx, r.kind() == OtlpReceiver.Refused.Kind.TOO_LARGE ? OtlpStatus.RESOURCE_EXHAUSTED
                        : OtlpStatus.INVALID_ARGUMENT, r.getMessage(), null, r.field());
            } else if (done.cause() instanceof OtlpRefusal r) {
                GrpcAnswer.error(ctx, OtlpStatus.UNAVAILABLE, r.getMessage(), r.retryAfter());
            } else {
                GrpcAnswer.error(ctx, OtlpStatus.INTERNAL, "the export failed: " + done.cause().getMessage(), null);
            }
        });
    }

    /** A request refused before decoding, counted as bad. */
    private void refuse(RoutingContext ctx, int code, String message) {
        receiver.refusedEarly("grpc", code == OtlpStatus.UNIMPLEMENTED ? OtlpReceiver.Refused.Kind.UNSUPPORTED
                : OtlpReceiver.Refused.Kind.BAD_REQUEST);
        GrpcAnswer.error(ctx, code, message, null);
    }
}
