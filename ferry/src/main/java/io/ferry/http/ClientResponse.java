package io.ferry.http;

import java.util.List;

/**
 * The answer to a {@link ClientRequest}: the status, the headers as received, and as much of the
 * body as the request's {@link BodyLimit} asked for.
 *
 * <pre>{@code
 * ClientResponse r = client.send(request, deadlineNanos, status -> BodyLimit.prefix(512));
 * String type = r.header("Content-Type");       // null when absent
 * parse(r.body(), r.length());
 * }</pre>
 *
 * @param headers names and values alternating, in the order received
 * @param body    holds the body in {@code [0, length)}; it may be longer
 */
public record ClientResponse(int status, List<String> headers, byte[] body, int length) {

    /** The first value of the header {@code name} (in any case), or null. */
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }
}
