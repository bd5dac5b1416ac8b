package io.ferry.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The Pushgateway's rules for where its routes live ({@code --web.route-prefix},
 * {@code --web.external-url}, {@code --web.telemetry-path}), as its {@code main.go} applies them.
 *
 * <pre>{@code
 * WebPaths.routePrefix("pg/", "");                       // "/pg"
 * WebPaths.routePrefix("", "http://example.com/gw/");   // "/gw": the external URL's path
 * WebPaths.join("/pg", "/metrics");                      // "/pg/metrics"
 * }</pre>
 *
 * <p>Paths are refused unless made of letters, digits, {@code /} and {@code -._~!$&'()+,;=@}: the
 * router reads {@code :} and {@code *} as patterns, and percent-escapes or dot segments in a route
 * would never match a request path.
 */
public final class WebPaths {
    private static final String ALLOWED_PUNCTUATION = "-._~!$&'()+,;=@/";

    private WebPaths() {
    }

    /** A route prefix as given; throws {@link IllegalArgumentException} for a path Ferry cannot route. */
    public static String parseRoutePrefix(String prefix) {
        checkPath("route prefix", prefix);
        return prefix;
    }

    /** A telemetry path as given; throws {@link IllegalArgumentException} for a path Ferry cannot route. */
    public static String parseTelemetryPath(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty telemetry path (the default is /metrics)");
        }
        checkPath("telemetry path", path);
        return path;
    }

    /**
     * An external URL as given ({@code ""} for none); throws {@link IllegalArgumentException} when it
     * does not parse or its path could not be a route prefix.
     */
    public static String parseExternalUrl(String url) {
        checkPath("path of the external URL", externalUrlPath(url));
        return url;
    }

    /** The decoded path of {@code url}, {@code ""} for none. */
    public static String externalUrlPath(String url) {
        if (url.isEmpty()) {
            return "";
        }
        try {
            String path = new URI(url).getPath();
            return path == null ? "" : path;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid external URL \"" + url + "\": " + e.getReason()
                    + " at index " + e.getIndex());
        }
    }

    /**
     * The prefix of every route, as the Pushgateway's {@code computeRoutePrefix}: {@code prefix}, or
     * when it is empty the path of {@code externalUrl}; {@code "/"} becomes {@code ""}; anything
     * else starts with {@code /} and loses one trailing {@code /}.
     */
    public static String routePrefix(String prefix, String externalUrl) {
        String p = prefix.isEmpty() ? externalUrlPath(externalUrl) : prefix;
        if (p.equals("/")) {
            return "";
        }
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /**
     * {@code prefix} and {@code path} joined as Go's {@code path.Join} does (repeated slashes become
     * one, no trailing slash), always starting with {@code /}.
     */
    public static String join(String prefix, String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : (prefix + "/" + path).split("/")) {
            if (!segment.isEmpty()) {
                out.append('/').append(segment);
            }
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    private static void checkPath(String what, String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || ALLOWED_PUNCTUATION.indexOf(c) >= 0);
            if (!ok) {
                throw new IllegalArgumentException(what + " \"" + path + "\" has '" + c
                        + "', which Ferry does not route (allowed: letters, digits, / and -._~!$&'()+,;=@)");
            }
        }
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(what + " \"" + path + "\" has a \"" + segment + "\" segment");
            }
        }
    }
}
