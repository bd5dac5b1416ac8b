package io.ferry.tunnel.client;

import io.ferry.http.BodyLimit;
import io.ferry.http.ClientRequest;
import io.ferry.http.ClientResponse;
import io.ferry.http.Http11Client;
import io.ferry.http.LimitedBody;
import io.ferry.log.ErrorText;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** One exchange of the tunnel client's, as its polls, scrapes and pushes all make them. Stateless. */
final class Exchanges {
    /** Go's words for a deadline that passed, which PushProx's texts carry. */
    static final String DEADLINE_EXCEEDED = "context deadline exceeded";

    private Exchanges() {
    }

    /**
     * The answer by {@code deadlineNanos}, its body read up to {@code body} whatever its status; an
     * interrupt (a stop) cuts the exchange.
     *
     * @throws IOException saying why there is no answer: {@link #DEADLINE_EXCEEDED}, a body over its
     *                     limit, or the network's reason in words
     */
    static ClientResponse send(Http11Client client, ClientRequest request, long deadlineNanos, BodyLimit body)
            throws IOException, InterruptedException {
        try {
            return client.send(request, deadlineNanos, status -> body);
        } catch (SocketTimeoutException e) {
            throw new IOException(DEADLINE_EXCEEDED, e);
        } catch (LimitedBody.TooLarge e) {
            throw new IOException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(ErrorText.of(e), e);
        }
    }
}
