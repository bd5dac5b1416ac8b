package io.ferry.http;

import java.net.URI;
import java.util.Optional;

/**
 * The host and port an http or https URL names, read as Go's URL parser reads them. Java's
 * {@link URI} leaves the host null for a name with an underscore ({@code my_app:8080}, a usual
 * container or service name), which Prometheus scrapes; the authority is then read here.
 *
 * <pre>{@code
 * UrlHost.of(URI.create("http://my_app:8080/metrics"))   // my_app, 8080
 * }</pre>
 *
 * @param host the host, an IPv6 literal without its brackets
 * @param port the port, or -1 when the URL gives none
 */
public record UrlHost(String host, int port) {

    /** The URL's host and port, or empty when it has no host (or an authority that is not one). */
    public static Optional<UrlHost> of(URI uri) {
        String host = uri.getHost();
        if (host != null) {
            return Optional.of(new UrlHost(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, uri.getPort()));
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty() || authority.contains("@") || authority.startsWith("[")) {
            return Optional.empty();
        }
        int colon = authority.lastIndexOf(':');
        String name = colon < 0 ? authority : authority.substring(0, colon);
        String digits = colon < 0 ? "" : authority.substring(colon + 1);
        if (name.isEmpty() || !name.chars().allMatch(UrlHost::hostChar) || digits.length() > 5
                || !digits.chars().allMatch(Character::isDigit) || colon >= 0 && digits.isEmpty()) {
            return Optional.empty();
        }
        int port = digits.isEmpty() ? -1 : Integer.parseInt(digits);
        return port > 65535 ? Optional.empty() : Optional.of(new UrlHost(name, port));
    }

    /** The port, or the scheme's. */
    public int portOr(boolean https) {
        return port != -1 ? port : https ? 443 : 80;
    }

    /** {@code host[:port]} for a Host header, the port left out when it is the scheme's. */
    public String hostHeader(boolean https) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == -1 || port == (https ? 443 : 80) ? h : h + ":" + port;
    }

    private static boolean hostChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_';
    }
}
