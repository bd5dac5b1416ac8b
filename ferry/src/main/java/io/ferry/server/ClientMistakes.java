package io.ferry.server;

import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.telemetry.Counter;
import io.ferry.telemetry.Registry;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http2.Http2Exception;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import io.vertx.ext.web.RoutingContext;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.List;

/**
 * What a client got wrong at the HTTP level: a request head that does not parse or is too large, a
 * chunked body that does not parse, a connection closed in the middle of a request, an invalid
 * percent-escape in the path, an HTTP/2 protocol error, a failed TLS handshake. Each is answered
 * 4xx (or not at all, when the connection is gone), logged at debug and counted in
 * {@code ferry_http_bad_requests_total{reason}}: a client's mistake is never a 500 nor an error line.
 *
 * <pre>{@code
 * ClientMistakes mistakes = new ClientMistakes(registry);
 * server.invalidRequestHandler(mistakes::invalidRequest).exceptionHandler(mistakes::connectionFailed)
 *       .requestHandler(mistakes.checkingHeads(router));
 * request.exceptionHandler(ClientMistakes.failBody(ctx));   // while reading a body
 * }</pre>
 *
 * <p>Thread-safe: event loops of every server share one instance.
 */
final class ClientMistakes {
    /** The request line or a header does not parse, or the length of the body is ambiguous: 400. */
    static final String MALFORMED_HEAD = "malformed_head";
    /** The request line is over 4 KiB (414) or the header block over 8 KiB (431). */
    static final String HEAD_TOO_LARGE = "head_too_large";
    /** A chunked body whose framing does not parse (chunk size, chunk length, terminator): 400. */
    static final String MALFORMED_BODY = "malformed_body";
    /** A chunk-size line (with its extensions) over 4 KiB, or trailers over 8 KiB: 400. */
    static final String CHUNK_METADATA_TOO_LARGE = "chunk_metadata_too_large";
    /** The client closed or reset the connection before the request head was complete (HTTP/1.x). */
    static final String CLOSED_MID_HEAD = "closed_mid_head";
    /** The client closed or reset the connection (or the HTTP/2 stream) before its body was complete. */
    static final String CLOSED_MID_BODY = "closed_mid_body";
    /** A percent sign in the path not followed by two hex digits: 400. */
    static final String INVALID_PATH = "invalid_path";
    /** An HTTP/2 connection error on an established connection (a malformed frame): it is closed. */
    static final String PROTOCOL_ERROR = "protocol_error";
    /** A TLS handshake that failed (plain HTTP on a TLS port, no common protocol, a bad certificate). */
    static final String TLS_HANDSHAKE = "tls_handshake";
    private static final List<String> REASONS = List.of(MALFORMED_HEAD, HEAD_TOO_LARGE, MALFORMED_BODY,
            CHUNK_METADATA_TOO_LARGE, CLOSED_MID_HEAD, CLOSED_MID_BODY, INVALID_PATH, PROTOCOL_ERROR, TLS_HANDSHAKE);

    private static final Logger LOG = Log.logger();
    /**
     * Where Vert.x logs, as errors, connection failures that reach no handler: a reset or an HTTP/2
     * preface error before the connection is handed to the server's exception handler (with h2c on,
     * an HTTP/1.x connection is handed over only once its first request head is complete). They are
     * the client's, so they go to debug. Held here because JUL keeps its loggers, and so the filter,
     * only weakly.
     */
    private static final java.util.logging.Logger UNHANDLED_CONNECTION_ERRORS =
            java.util.logging.Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");

    static {
        UNHANDLED_CONNECTION_ERRORS.setFilter(record -> {
            if (record.getLevel().intValue() > java.util.logging.Level.FINE.intValue()) {
                record.setLevel(java.util.logging.Level.FINE);
            }
            return true;
        });
    }

    private final Counter refused;

    ClientMistakes(Registry registry) {
        refused = registry.counter("ferry_http_bad_requests_total",
                "HTTP requests and connections given up for the client's mistake, answered 4xx or closed, by reason: "
                        + String.join(", ", REASONS) + ".", "reason");
        REASONS.forEach(refused::labels); // at 0 from the start, so rate() sees the first one
    }

    /**
     * For {@code HttpServer.invalidRequestHandler}: a request head the HTTP/1.x decoder refused.
     * Vert.x's own answer is kept (400, 414 or 431), and the connection closes after it: what follows
     * the head (a body framed as the client meant) is not read as another request.
     */
    void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof PrematureChannelClosureException) {
            count(CLOSED_MID_HEAD, request.remoteAddress(), cause);
            request.connection().close(); // nobody left to answer
            return;
        }
        count(cause instanceof TooLongFrameException ? HEAD_TOO_LARGE : MALFORMED_HEAD, request.remoteAddress(), cause);
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    }

    /**
     * For {@code HttpServer.exceptionHandler}, which Vert.x also gives every connection: an exception
     * on a connection that no request took, which Vert.x would log as an error. A failed TLS handshake
     * and an HTTP/2 protocol error are counted; a reset or closed connection is not (a client may drop
     * an idle connection), nor an HTTP/1.x decoding error, which the request or the invalid request
     * handler saw and counted.
     */
    void connectionFailed(Throwable e) {
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            count(TLS_HANDSHAKE, null, e);
        } else if (e instanceof Http2Exception) {
            count(PROTOCOL_ERROR, null, e);
        } else {
            LOG.debug("connection failed", "err", e);
        }
    }

    /**
     * {@code router}, behind two checks of the request head. The path's percent-escapes: the router
     * would otherwise log an invalid one as an unhandled exception; Go's server refuses such a path
     * with 400 too. And an HTTP/1.x {@code Transfer-Encoding} other than {@code chunked}: the
     * decoder would read the body by its {@code Content-Length}, or as plain bytes to the end, where
     * a proxy in front may read it another way (request smuggling); Go's server answers 501 too.
     */
    Handler<HttpServerRequest> checkingHeads(Handler<HttpServerRequest> router) {
        return request -> {
            String encoding = request.version() == HttpVersion.HTTP_2 ? null
                    : request.headers().get(HttpHeaders.TRANSFER_ENCODING);
            if (encoding != null && !encoding.trim().equalsIgnoreCase("chunked")) {
                String message = "unsupported Transfer-Encoding \"" + encoding + "\": only chunked is read";
                count(MALFORMED_HEAD, request.remoteAddress(), message);
                refuse(request, 501, message, true);
                return;
            }
            int bad = invalidEscape(request.path());
            if (bad < 0) {
                router.handle(request);
                return;
            }
            String message = "invalid percent-escape in the URL path at character " + (bad + 1);
            count(INVALID_PATH, request.remoteAddress(), message);
            refuse(request, 400, message, false);
        };
    }

    /**
     * A plain-text refusal; with {@code close}, when the rest of the connection's bytes cannot be
     * framed, the connection is closed once it is sent, whatever of the request is still unread.
     */
    private static void refuse(HttpServerRequest request, int status, String message, boolean close) {
        if (close) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
        if (close) {
            request.connection().close(); // the answer is written first; no pipelined byte is read after
        }
    }

    /** The index of the first {@code %} not followed by two hex digits, or -1. */
    static int invalidEscape(String path) {
        if (path == null) {
            return -1;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * For a handler reading a request body: fails {@code ctx} with the body's failure marked as the
     * client's, for {@link #answerBodyFailure}. Only the first failure counts: a reset comes twice,
     * as the socket's error and then as the closed connection.
     */
    static Handler<Throwable> failBody(RoutingContext ctx) {
        boolean[] failed = {false};
        return e -> {
            if (!failed[0]) {
                failed[0] = true;
                ctx.fail(400, new BodyFailure(e));
            }
        };
    }

    /**
     * Answers a request whose body could not be read ({@link #failBody}): 400 naming the problem, or
     * nothing when the client has gone. Returns false, doing nothing, for any other failure.
     */
    boolean answerBodyFailure(RoutingContext ctx) {
        if (!(ctx.failure() instanceof BodyFailure failure)) {
            return false;
        }
        Throwable cause = failure.getCause();
        ctx.response().setStatusCode(400); // what the request metrics record, even when nothing can be sent
        if (closed(cause)) {
            count(CLOSED_MID_BODY, ctx.request().remoteAddress(), cause);
            if (!ctx.response().closed()) {
                ctx.response().reset();
            }
            return true;
        }
        boolean tooLarge = cause instanceof TooLongFrameException;
        count(tooLarge ? CHUNK_METADATA_TOO_LARGE : MALFORMED_BODY, ctx.request().remoteAddress(), cause);
        String message = tooLarge
                ? "the request body's chunk-size line or trailers are too large: "
                : "the request body's chunked encoding is malformed: ";
        if (ctx.response().headWritten()) {
            ctx.response().reset();
        } else {
            // The rest of the connection's bytes cannot be framed any more.
            Plain.refuseUnread(ctx, 400, message + cause.getMessage() + "\n");
        }
        return true;
    }

    private static boolean closed(Throwable e) {
        return e instanceof HttpClosedException || e instanceof StreamResetException || e instanceof IOException;
    }

    private void count(String reason, Object remote, Object err) {
        refused.labels(reason).inc();
        LOG.debug("bad request", "reason", reason, "remote", remote == null ? "" : remote, "err", err == null ? "" : err);
    }

    /** A request body's read failure, which is the client's (its encoding) or the network's. */
    private static final class BodyFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
