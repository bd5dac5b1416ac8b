package io.ferry.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body collector: the exact limit, linear growth at every size, discarded answers. */
class LimitedBodyTest {
    private static final int GIB = 1 << 30;
    /** The largest array a JVM allocates reliably. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static HttpResponse.ResponseInfo status(int code) {
        return new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return code;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(Map.of(), (n, v) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    /** Feeds {@code chunks} of {@code chunkSize} bytes into a collector, as the client would; true when it cancelled. */
    private static boolean feed(HttpResponse.BodySubscriber<LimitedBody> body, int chunks, int chunkSize) {
        AtomicBoolean cancelled = new AtomicBoolean();
        body.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        for (int i = 0; i < chunks && !cancelled.get(); i++) {
            body.onNext(List.of(ByteBuffer.wrap(new byte[chunkSize])));
        }
        if (!cancelled.get()) {
            body.onComplete();
        }
        return cancelled.get();
    }

    @Test
    void aBodyOfExactlyTheLimitIsKeptAndOneByteMoreIsRefused() {
        HttpResponse.BodySubscriber<LimitedBody> exact = LimitedBody.handler(1000, 16, i -> true).apply(status(200));
        assertThat(feed(exact, 10, 100)).isFalse();
        LimitedBody body = exact.getBody().toCompletableFuture().join();
        assertThat(body.length()).isEqualTo(1000);

        HttpResponse.BodySubscriber<LimitedBody> over = LimitedBody.handler(1000, 16, i -> true).apply(status(200));
        assertThat(feed(over, 1001, 1)).isTrue();
        assertThatThrownBy(() -> over.getBody().toCompletableFuture().join())
                .hasCauseInstanceOf(LimitedBody.TooLarge.class).hasMessageContaining("larger than 1000 bytes");
    }

    @Test
    void theArrayNeverGrowsPastTheLimit() {
        HttpResponse.BodySubscriber<LimitedBody> b = LimitedBody.handler(1000, 64 << 10, i -> true).apply(status(200));
        feed(b, 3, 300);
        LimitedBody body = b.getBody().toCompletableFuture().join();
        assertThat(body.bytes()).hasSizeLessThanOrEqualTo(1000);
        assertThat(LimitedBody.capacityFor(600, 601, 1000)).isEqualTo(1000);
    }

    @Test
    void theArrayDoublesPastOneGibibyteSoGrowingStaysLinear() {
        long none = Long.MAX_VALUE;
        assertThat(LimitedBody.capacityFor(64 << 10, (64 << 10) + 1, none)).isEqualTo(128 << 10);
        // At 1 GiB a doubled int overflows: growing then by only what each chunk needs copied the
        // whole body once per chunk.
        assertThat(LimitedBody.capacityFor(GIB, GIB + 16384L, none)).isEqualTo(MAX_ARRAY);
        assertThat(LimitedBody.capacityFor(GIB, GIB + 16384L, (3L << 29))).isEqualTo(3 << 29);
    }

    @Test
    void noLimitStillEndsAtTheLargestArray() {
        // The array never asks for more than the JVM can give, whatever the limit says.
        assertThat(LimitedBody.capacityFor(MAX_ARRAY - 10, MAX_ARRAY, Long.MAX_VALUE)).isEqualTo(MAX_ARRAY);
    }

    @Test
    void answersTheCallerRefusesAreReadAsEmpty() {
        HttpResponse.BodySubscriber<LimitedBody> b = LimitedBody.handler(1000, 16, i -> i.statusCode() == 200).apply(status(503));
        feed(b, 5, 1000);
        assertThat(b.getBody().toCompletableFuture().join().length()).isZero();
    }
}
