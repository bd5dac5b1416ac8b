package io.ferry.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request for {@link Http11Client}: method, URL, headers in the order they are sent,
 * and a body (a slice of an array that is only read, never copied or kept after the exchange).
 * {@code Host} and {@code Content-Length} are the client's; every other header is the caller's.
 *
 * <pre>{@code
 * ClientRequest r = ClientRequest.get(url).withHeader("Accept", "text/plain");
 * ClientRequest w = ClientRequest.post(url, body, length).withHeader("Content-Type", "application/x-protobuf");
 * }</pre>
 *
 * <p>Immutable (the body array aside, which the caller must not change while a send runs).
 *
 * @param headers names and values alternating
 * @param body    null: no body
 */
public record ClientRequest(String method, URI uri, List<String> headers, byte[] body, int bodyLength) {

    /** @throws IllegalArgumentException for a method that is not an HTTP token, or a URL that is not http or https */
    public ClientRequest {
        if (method.isEmpty() || !method.chars().allMatch(ClientRequest::tokenChar)) {
            throw new IllegalArgumentException("not a method: " + method);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || UrlHost.of(uri).isEmpty()) {
            throw new IllegalArgumentException("not an http or https URL with a host: " + uri);
        }
        headers = List.copyOf(headers);
    }

    public static ClientRequest get(URI uri) {
        return new ClientRequest("GET", uri, List.of(), null, 0);
    }

    /** A POST of {@code body[0 .. length)}. */
    public static ClientRequest post(URI uri, byte[] body, int length) {
        return new ClientRequest("POST", uri, List.of(), body, length);
    }

    /**
     * This request with one more header.
     *
     * @throws IllegalArgumentException for a name that is not an HTTP token, or a value holding a
     *                                  line break or NUL (which would let it write further headers)
     */
    public ClientRequest withHeader(String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(ClientRequest::tokenChar)) {
            throw new IllegalArgumentException("not a header name: " + name);
        }
        if (!headerValue(value)) {
            throw new IllegalArgumentException("the value of header " + name + " holds a line break");
        }
        List<String> h = new ArrayList<>(headers.size() + 2);
        h.addAll(headers);
        h.add(name);
        h.add(value);
        return new ClientRequest(method, uri, h, body, bodyLength);
    }

    /** Whether a header can carry {@code value}: no line break (CR, LF) and no NUL in it. */
    public static boolean headerValue(String value) {
        return value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }

    /** The same request to another URL, as a redirect asks: 301, 302 and 303 turn a POST into a GET without body. */
    ClientRequest redirectedTo(URI target, int status) {
        boolean toGet = status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST");
        return toGet ? new ClientRequest("GET", target, headers, null, 0)
                : new ClientRequest(method, target, headers, body, bodyLength);
    }

    private static boolean tokenChar(int c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
