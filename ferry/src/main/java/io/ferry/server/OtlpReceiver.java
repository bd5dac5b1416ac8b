package io.ferry.server;

import io.ferry.config.AuthAction;
import io.ferry.exposition.Compression;
import io.ferry.exposition.ExpositionException;
import io.ferry.otlp.AuthScope;
import io.ferry.otlp.ExportResult;
import io.ferry.otlp.OtlpIngest;
import io.ferry.otlp.OtlpRefusal;
import io.ferry.otlp.wire.ExportRequest;
import io.ferry.otlp.wire.OtlpDecodeException;
import io.ferry.otlp.wire.OtlpJsonDecoder;
import io.ferry.otlp.wire.OtlpProtobufDecoder;
import io.ferry.server.auth.Principal;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the OTLP/HTTP and OTLP/gRPC receivers share: the export's message is decompressed (within
 * {@code otlp.max_request_bytes}, counted as it inflates), decoded and handed to
 * {@link OtlpIngest} on a worker thread, scoped to what the request's principal may export. The
 * future fails with {@link Refused} (the request is wrong: not retried) or {@link OtlpRefusal}
 * (retry later); each refusal is counted once, here.
 *
 * <pre>{@code
 * receiver.receive(ctx, body, "gzip", false, "http").onSuccess(result -> ...);
 * }</pre>
 *
 * <p>Thread-safe.
 */
final class OtlpReceiver {
    /** A request refused for what it is: too large, not decodable, or in a form Ferry does not take. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        enum Kind { TOO_LARGE, BAD_REQUEST, UNSUPPORTED }

        private final Kind kind;
        private final String field;

        Refused(Kind kind, String message) {
            this(kind, message, null);
        }

        /** @param field the request's field it could not be decoded at, for a {@code BadRequest}; null if none */
        Refused(Kind kind, String message, String field) {
            super(message, null, false, false);
            this.kind = kind;
            this.field = field;
        }

        Kind kind() {
            return kind;
        }

        /** The field the request could not be decoded at ({@code BadRequest}'s field violation), or null. */
        String field() {
            return field;
        }

        /** The reason label of {@code ferry_otlp_exports_refused_total}. */
        String reason() {
            return switch (kind) {
                case TOO_LARGE -> "too_large";
                case BAD_REQUEST -> "bad_request";
                case UNSUPPORTED -> "unsupported";
            };
        }
    }

    private final OtlpIngest ingest;

    OtlpReceiver(OtlpIngest ingest) {
        this.ingest = ingest;
    }

    OtlpIngest ingest() {
        return ingest;
    }

    /** The largest message taken, after decompression ({@code otlp.max_request_bytes}). */
    long maxRequestBytes() {
        return ingest.options().maxRequestBytes();
    }

    /**
     * Counts a request refused before {@link #receive} (its body too large to read, an unsupported
     * content type) under {@code transport}.
     */
    void refusedEarly(String transport, Refused.Kind kind) {
        ingest.metrics().refused(transport, new Refused(kind, "").reason());
    }

    /**
     * Decodes {@code message} ({@code encoding} {@code gzip} or null; OTLP/JSON when {@code json})
     * and ingests it, on a worker; completes on {@code ctx}'s event loop.
     */
    Future<ExportResult> receive(RoutingContext ctx, byte[] message, String encoding, boolean json, String transport) {
        ingest.metrics().export(transport);
        Principal who = Principal.of(ctx);
        AuthScope scope = service -> who.may(AuthAction.OTLP, service);
        Future<ExportResult> done = ctx.vertx().<CompletableFuture<ExportResult>>executeBlocking(() -> {
            byte[] plain = decompress(message, encoding);
            return ingest.export(decode(plain, json), scope, plain.length);
        }, false).compose(f -> Future.fromCompletionStage(f, ctx.vertx().getOrCreateContext()));
        return done.recover(e -> {
            Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
            if (cause instanceof Refused r) {
                ingest.metrics().refused(transport, r.reason());
            } else if (cause instanceof OtlpRefusal r) {
                ingest.metrics().refused(transport, r.reason().label());
            }
            return Future.failedFuture(cause);
        });
    }

    private byte[] decompress(byte[] message, String encoding) throws Refused {
        try {
            return Compression.decodeWhole(message, encoding, maxRequestBytes());
        } catch (ExpositionException e) {
            if (e.bodyTooLarge()) {
                throw new Refused(Refused.Kind.TOO_LARGE, "the request is larger than the limit of "
                        + maxRequestBytes() + " bytes" + (encoding == null ? "" : " once decompressed")
                        + " (otlp.max_request_bytes)");
            }
            throw new Refused(Refused.Kind.BAD_REQUEST, e.getMessage());
        }
    }

    private static ExportRequest decode(byte[] body, boolean json) throws Refused {
        try {
            return json ? OtlpJsonDecoder.decode(body, 0, body.length) : OtlpProtobufDecoder.decode(body, 0, body.length);
        } catch (OtlpDecodeException e) {
            throw new Refused(Refused.Kind.BAD_REQUEST, "cannot decode the " + (json ? "OTLP/JSON" : "protobuf")
                    + " request: " + e.getMessage(), e.path().isEmpty() ? "request" : e.path());
        }
    }
}
