package io.ferry.server.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The UI's stylesheet and script, read from the jar once: served with an ETag (a hash of the
 * bytes, so a new build is fetched at once) and five minutes of caching. Immutable, thread-safe.
 */
final class Assets {
    /** How long a browser may use its copy without asking. */
    static final String CACHE_CONTROL = "max-age=300";
    private static final String DIRECTORY = "/io/ferry/ui/";

    private record Asset(Buffer bytes, String type, String etag) {
    }

    private final Map<String, Asset> byName;

    private Assets(Map<String, Asset> byName) {
        this.byName = byName;
    }

    static Assets load() {
        return new Assets(Map.of(
                "ferry.css", asset("ferry.css", "text/css; charset=utf-8"),
                "ferry.js", asset("ferry.js", "text/javascript; charset=utf-8")));
    }

    void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        Asset a = byName.get(path.substring(path.lastIndexOf('/') + 1));
        if (a == null) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("ETag", a.etag()).putHeader("Cache-Control", CACHE_CONTROL)
                .putHeader("X-Content-Type-Options", "nosniff");
        if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", a.type()).end(a.bytes());
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = Assets.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + DIRECTORY + name);
            }
            byte[] bytes = in.readAllBytes();
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Asset(Buffer.buffer(bytes), type, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
