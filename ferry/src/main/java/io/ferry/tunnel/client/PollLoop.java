package io.ferry.tunnel.client;

import io.ferry.http.Backoff;
import io.ferry.log.ErrorText;
import io.ferry.log.Log;
import io.ferry.log.Logger;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelWireException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * One fqdn's long poll, on a thread of its own until {@link #stop}: poll; a 200 is a scrape, started
 * on {@code scrapes} while the loop polls again; a 204 is a renewal, and the loop polls again at
 * once; anything else (another status, a body that is no request, no answer at all) is counted and
 * followed by a wait from the backoff (PushProx's: ×1.5 up to the maximum, jittered by half either
 * way), which a good answer resets. A scrape slot is taken before each poll, so a client with every
 * slot busy asks for no more work: further scrapes wait in the proxy's queue.
 *
 * <p>Runs on one thread; {@link #stop} may be called from any.
 */
final class PollLoop implements Runnable {
    private static final Logger LOG = Log.logger();
    private static final int ERROR_BODY_CHARS = 200;

    private final String fqdn;
    private final ProxyEndpoint proxy;
    private final ScrapeRelay relay;
    private final Semaphore slots;
    private final Executor scrapes;
    private final ClientMetrics metrics;
    private final Backoff backoff;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private String lastProblem;

    PollLoop(String fqdn, ProxyEndpoint proxy, ScrapeRelay relay, Semaphore slots, Executor scrapes,
             ClientMetrics metrics, Duration initialWait, Duration maxWait, RandomGenerator random) {
        this.fqdn = fqdn;
        this.proxy = proxy;
        this.relay = relay;
        this.slots = slots;
        this.scrapes = scrapes;
        this.metrics = metrics;
        this.backoff = new Backoff(initialWait, maxWait, 1.5, 0.5, random);
    }

    @Override
    public void run() {
        try {
            while (stopped.getCount() > 0) {
                String problem = pollOnce();
                if (problem == null) {
                    backoff.reset();
                    continue;
                }
                Duration wait = backoff.next();
                // The first failure, and each change of failure, is a warning; repeats are debug lines.
                if (!problem.equals(lastProblem)) {
                    LOG.warn("poll failed, retrying", "fqdn", fqdn, "err", problem, "wait", wait);
                } else {
                    LOG.debug("poll failed, retrying", "fqdn", fqdn, "err", problem, "wait", wait);
                }
                lastProblem = problem;
                stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            // Stopped.
        } finally {
            metrics.disconnected(fqdn);
        }
    }

    /** One poll and what it brought; null when it went as the protocol says, else what went wrong. */
    private String pollOnce() throws InterruptedException {
        slots.acquire();
        boolean slotHandedOn = false;
        try {
            ProxyEndpoint.Answer a;
            try {
                a = proxy.poll(fqdn);
            } catch (ProxyEndpoint.TokenUnreadable e) {
                return failed(ClientMetrics.PollFailure.CREDENTIALS, "cannot read the token file: " + e.getMessage());
            } catch (IOException e) {
                if (stopped.getCount() == 0) {
                    throw new InterruptedException();
                }
                return failed(ClientMetrics.PollFailure.UNREACHABLE, describe(e));
            }
            long received = System.nanoTime();
            switch (a.status()) {
                case 200 -> {
                    ScrapeRequest request;
                    try {
                        request = ScrapeRequest.parse(a.body(), 0, a.length());
                    } catch (TunnelWireException e) {
                        return failed(ClientMetrics.PollFailure.BAD_ANSWER, "the proxy answered 200 with no scrape "
                                + "request: " + e.getMessage());
                    }
                    metrics.pollAnswered(fqdn, false);
                    recovered();
                    scrapes.execute(() -> {
                        try {
                            relay.run(fqdn, request, received);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            LOG.error("scrape ended unexpectedly", "fqdn", fqdn, "url", request.url(), "err", e);
                        } finally {
                            slots.release();
                        }
                    });
                    slotHandedOn = true;
                    return null;
                }
                case 204 -> {
                    metrics.pollAnswered(fqdn, true);
                    recovered();
                    return null;
                }
                case 401, 403, 409 -> {
                    return failed(ClientMetrics.PollFailure.REFUSED, status(a));
                }
                default -> {
                    return failed(ClientMetrics.PollFailure.STATUS, status(a));
                }
            }
        } finally {
            if (!slotHandedOn) {
                slots.release();
            }
        }
    }

    private String failed(ClientMetrics.PollFailure reason, String problem) {
        metrics.pollFailed(fqdn, reason);
        return problem;
    }

    private void recovered() {
        if (lastProblem != null) {
            LOG.info("polling again", "fqdn", fqdn);
            lastProblem = null;
        }
    }

    /** The status and the start of the body, which says why (the proxy's texts) or whose it is (a load balancer's page). */
    private static String status(ProxyEndpoint.Answer a) {
        String body = new String(a.body(), 0, Math.min(a.length(), ERROR_BODY_CHARS), StandardCharsets.UTF_8).strip();
        return "the proxy answered " + a.status() + (body.isEmpty() ? "" : ": " + body.replaceAll("\\s+", " "));
    }

    private static String describe(IOException e) {
        return ErrorText.of(e);
    }

    /** Ends the loop: a wait ends at once; a poll in flight is cut by the caller (interrupt or closing the client). */
    void stop() {
        stopped.countDown();
    }
}
