package io.ferry.tunnel.proxy;

import io.ferry.telemetry.Registry;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The tunnel proxy's state: which clients are registered, the polls they hold open, and the scrapes
 * waiting for a poll or for a push. HTTP lives in the server's handlers; this class has none.
 *
 * <pre>{@code
 * TunnelProxy proxy = new TunnelProxy(options, Clock.systemUTC(), Scheduler.of(executor), registry);
 * proxy.poll(Poll.plain("site-a", "")).thenAccept(answer -> ...);            // a client's /poll
 * proxy.scrape(request, options.scrapeTimeout(header)).thenAccept(r -> ...);  // Prometheus, via proxy_url
 * proxy.push(id, response, "");                                               // the client's /push
 * }</pre>
 *
 * <p><b>Routing.</b> A scrape goes to the poll of the fqdn its URL names ({@link ScrapeRequest#hostname()},
 * exact, the port ignored), as PushProx routes. One poll per fqdn is held: a newer poll by the same
 * owner replaces the older, which is answered {@link PollAnswer#EXPIRED}; a poll by another owner,
 * while the first is listed, is refused with {@link TakeoverRefused}. Owners are {@code ""} when
 * the proxy is open, so then every newer poll replaces the older, as PushProx does. Scrapes that
 * find no poll wait in a queue per fqdn, at most {@link ProxyOptions#maxQueuedScrapes()}; each
 * handed to a poll gets a fresh UUIDv4 {@code Id} and waits for the {@link #push} with that Id.
 * At most {@link ProxyOptions#maxClients()} fqdns are registered at once: a poll for a new one beyond
 * is refused with {@link TooManyClients}, so an open proxy cannot be made to hold unbounded state.
 *
 * <p><b>Registration.</b> A client is listed ({@link #clients()}) while one of its polls is open
 * and for {@link ProxyOptions#registrationTimeout()} after its last poll ended, so a client in a
 * long poll never disappears (PushProx #177). The listing shows the labels and targets of its
 * latest poll.
 *
 * <p><b>Time.</b> Every wait is bounded and none holds a thread: futures complete when a poll, a
 * push or a timeout of the {@link Scheduler} arrives. A scrape's timeout covers both the wait for a
 * poll and the wait for the push. A poll with {@link Poll#renewAfter()} is answered
 * {@link PollAnswer#RENEW} after that long. A sweep every second drops expired registrations and
 * tells watchers of changes.
 *
 * <p><b>Threads.</b> Thread-safe; every method returns at once. Futures are completed outside the
 * proxy's lock, on the thread of the call or the scheduler that caused it; their dependents must
 * not block. Cancelling a poll's future (its connection closed) ends that poll; cancelling a
 * scrape's future (Prometheus went away) forgets that scrape.
 */
public final class TunnelProxy implements AutoCloseable {
    /** A client counts as connected this long after a poll ended, so it does not flap between two polls. */
    public static final Duration CONNECTED_GRACE = Duration.ofSeconds(10);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final ProxyOptions options;
    private final Clock clock;
    private final Scheduler scheduler;
    private final ProxyMetrics metrics;
    private final Object lock = new Object();
    private final Map<String, Registration> registry = new HashMap<>();
    private final Map<String, OpenPoll> polls = new HashMap<>();
    private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
    private final Map<String, Pending> handedOut = new HashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private List<TunnelClient> published = List.of();
    private Runnable cancelSweep = () -> { };
    private boolean closed;

    public TunnelProxy(ProxyOptions options, Clock clock, Scheduler scheduler, Registry registry) {
        this.options = options;
        this.clock = clock;
        this.scheduler = scheduler;
        this.metrics = new ProxyMetrics(registry, () -> clients().size(),
                () -> (int) clients().stream().filter(TunnelClient::connected).count(),
                () -> { synchronized (lock) { return polls.size(); } },
                this::scrapesWaiting);
        synchronized (lock) {
            cancelSweep = scheduler.after(SWEEP_EVERY, this::sweep);
        }
    }

    /** The settings this proxy runs with. */
    public ProxyOptions options() {
        return options;
    }

    /** Where handlers count the refusals they decide. */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Registers (or refreshes) the poll's client and waits for a scrape for its fqdn. The future
     * completes with the scrape to do, {@link PollAnswer#RENEW}, {@link PollAnswer#EXPIRED} when a
     * newer poll replaced this one, or {@link PollAnswer#CLOSED} when the proxy closed; it never
     * completes exceptionally.
     * Cancel it when the poll's connection closes.
     *
     * @throws TakeoverRefused the fqdn is listed under another owner (counted as {@code takeover})
     * @throws TooManyClients   the fqdn is not registered and {@link ProxyOptions#maxClients()} are
     *                          (counted as {@code too_many_clients})
     */
    public CompletableFuture<PollAnswer> poll(Poll poll) throws TakeoverRefused, TooManyClients {
        CompletableFuture<PollAnswer> answer = new CompletableFuture<>();
        OpenPoll open;
        OpenPoll replaced;
        Pending queued;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(PollAnswer.CLOSED);
            }
            Instant now = clock.instant();
            Registration reg = registry.get(poll.fqdn());
            if (reg != null && !reg.owner.equals(poll.owner()) && reg.listed(now, options.registrationTimeout())) {
                metrics.refused(Refusal.TAKEOVER);
                throw new TakeoverRefused(poll.fqdn());
            }
            if (reg == null) {
                if (registry.size() >= options.maxClients() && dropUnlisted(now) >= options.maxClients()) {
                    metrics.refused(Refusal.TOO_MANY_CLIENTS);
                    throw new TooManyClients(options.maxClients());
                }
                reg = new Registration();
                registry.put(poll.fqdn(), reg);
            }
            reg.began(poll, now);
            open = new OpenPoll(poll, answer, reg);
            replaced = polls.remove(poll.fqdn());
            queued = nextQueued(poll.fqdn());
            if (queued != null) {
                handOut(queued, poll.owner(), now);
            } else {
                polls.put(poll.fqdn(), open);
                if (poll.renewAfter().isPositive()) {
                    open.cancelRenew = scheduler.after(poll.renewAfter(), () -> renew(open));
                }
            }
        }
        answer.whenComplete((a, e) -> ended(open));
        if (replaced != null) {
            replaced.answer.complete(PollAnswer.EXPIRED);
        }
        if (queued != null) {
            answer.complete(new PollAnswer.Scrape(queued.handedRequest()));
        }
        return answer;
    }

    /**
     * Hands this scrape to the client polling for its URL's host and waits for its response,
     * without the {@code Id} and {@code X-Prometheus-Scrape-Timeout-Seconds} headers. Fails with
     * {@link TunnelScrapeException} when no response arrives within {@code timeout} (PushProx's
     * {@code timeout reached for "<url>": context deadline exceeded}), when too many scrapes wait
     * for that host already, or when the proxy closes. Cancel it when the scraper goes away.
     */
    public CompletableFuture<RelayedResponse> scrape(ScrapeRequest request, Duration timeout) {
        Pending scrape = new Pending(request, clock.instant());
        synchronized (lock) {
            if (!closed) {
                scrape.cancelTimeout = scheduler.after(timeout, () -> fail(scrape, new TunnelScrapeException(
                        TunnelScrapeException.Reason.TIMEOUT,
                        "timeout reached for \"" + request.url() + "\": context deadline exceeded")));
            }
        }
        scrape.result.whenComplete((r, e) -> finished(scrape, e));
        if (isClosed()) {
            fail(scrape, closedError());
        } else {
            offer(scrape);
        }
        return scrape.result;
    }

    /**
     * Hands a pushed response to the scrape waiting for {@code id}, if {@code owner} is the owner
     * whose poll received it.
     */
    public PushOutcome push(String id, RelayedResponse response, String owner) {
        Pending scrape;
        synchronized (lock) {
            scrape = handedOut.get(id);
            if (scrape == null) {
                metrics.refused(Refusal.UNKNOWN_ID);
                return PushOutcome.UNKNOWN_ID;
            }
            if (!scrape.owner.equals(owner)) {
                metrics.refused(Refusal.WRONG_CLIENT);
                return PushOutcome.WRONG_CLIENT;
            }
            handedOut.remove(id);
        }
        boolean delivered = scrape.result.complete(
                response.withoutHeaders(TunnelHeaders.ID, TunnelHeaders.SCRAPE_TIMEOUT_SECONDS));
        if (!delivered) {
            metrics.refused(Refusal.UNKNOWN_ID);
        }
        return delivered ? PushOutcome.DELIVERED : PushOutcome.UNKNOWN_ID;
    }

    /** The clients listed now, sorted by fqdn. */
    public List<TunnelClient> clients() {
        synchronized (lock) {
            Instant now = clock.instant();
            List<TunnelClient> out = new ArrayList<>(registry.size());
            for (Map.Entry<String, Registration> e : registry.entrySet()) {
                Registration reg = e.getValue();
                if (reg.listed(now, options.registrationTimeout())) {
                    out.add(reg.view(e.getKey(), now));
                }
            }
            out.sort(Comparator.comparing(TunnelClient::fqdn));
            return out;
        }
    }

    /** The client listed as {@code fqdn} now, if any: one lookup, where {@link #clients()} lists all. */
    public Optional<TunnelClient> client(String fqdn) {
        synchronized (lock) {
            Instant now = clock.instant();
            Registration reg = registry.get(fqdn);
            return reg != null && reg.listed(now, options.registrationTimeout())
                    ? Optional.of(reg.view(fqdn, now)) : Optional.empty();
        }
    }

    /**
     * Calls {@code onChange} with {@link #clients()} at once, then whenever a client comes, goes,
     * changes its owner, labels or targets, or its {@code connected} changes; at most about once a
     * second. Calls to one watcher never overlap; they run on the scheduler's thread (the first on
     * the caller's) and must return quickly.
     */
    public Subscription watch(Consumer<List<TunnelClient>> onChange) {
        Watcher w = new Watcher(onChange);
        watchers.add(w);
        w.deliver(clients());
        return () -> {
            watchers.remove(w);
            w.close();
        };
    }

    /**
     * Stops the sweep, fails every waiting scrape ({@code closed}), answers every open poll
     * {@link PollAnswer#CLOSED} and closes the scheduler. Idempotent.
     */
    @Override
    public void close() {
        List<Pending> scrapes = new ArrayList<>();
        List<OpenPoll> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            cancelSweep.run();
            queues.values().forEach(scrapes::addAll);
            scrapes.addAll(handedOut.values());
            open = new ArrayList<>(polls.values());
        }
        for (Pending s : scrapes) {
            fail(s, closedError());
        }
        for (OpenPoll p : open) {
            p.answer.complete(PollAnswer.CLOSED);
        }
        scheduler.close();
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    private static TunnelScrapeException closedError() {
        return new TunnelScrapeException(TunnelScrapeException.Reason.CLOSED, "the proxy is shutting down");
    }

    /** Gives the scrape to its fqdn's open poll, or queues it; retried when that poll went away meanwhile. */
    private void offer(Pending scrape) {
        String fqdn = scrape.request.hostname();
        while (true) {
            OpenPoll taker;
            synchronized (lock) {
                if (scrape.result.isDone()) {
                    return;
                }
                taker = polls.remove(fqdn);
                if (taker == null) {
                    ArrayDeque<Pending> queue = queues.computeIfAbsent(fqdn, k -> new ArrayDeque<>());
                    if (queue.size() < options.maxQueuedScrapes()) {
                        queue.add(scrape);
                        return;
                    }
                } else {
                    taker.cancelRenew.run();
                    handOut(scrape, taker.poll.owner(), clock.instant());
                }
            }
            if (taker == null) {
                metrics.refused(Refusal.QUEUE_FULL);
                fail(scrape, new TunnelScrapeException(TunnelScrapeException.Reason.QUEUE_FULL,
                        options.maxQueuedScrapes() + " scrapes already wait for \"" + fqdn + "\""));
                return;
            }
            if (taker.answer.complete(new PollAnswer.Scrape(scrape.handedRequest()))) {
                return;
            }
            synchronized (lock) { // the poll was cancelled under our hands: take the scrape back
                handedOut.remove(scrape.id);
                scrape.id = null;
            }
        }
    }

    /** The oldest queued scrape for this fqdn still waiting, or null. Under the lock. */
    private Pending nextQueued(String fqdn) {
        ArrayDeque<Pending> queue = queues.get(fqdn);
        Pending next = null;
        while (queue != null && next == null && !queue.isEmpty()) {
            Pending p = queue.poll();
            if (!p.result.isDone()) {
                next = p;
            }
        }
        if (queue != null && queue.isEmpty()) {
            queues.remove(fqdn);
        }
        return next;
    }

    /** Under the lock. */
    private void handOut(Pending scrape, String owner, Instant now) {
        scrape.id = UUID.randomUUID().toString();
        scrape.owner = owner;
        handedOut.put(scrape.id, scrape);
        metrics.waited(Duration.between(scrape.arrived, now));
    }

    private void renew(OpenPoll open) {
        synchronized (lock) {
            if (polls.get(open.poll.fqdn()) != open) {
                return;
            }
            polls.remove(open.poll.fqdn());
        }
        open.answer.complete(PollAnswer.RENEW);
    }

    private void ended(OpenPoll open) {
        synchronized (lock) {
            if (polls.get(open.poll.fqdn()) == open) {
                polls.remove(open.poll.fqdn());
            }
            open.cancelRenew.run();
            open.registration.ended(clock.instant());
        }
    }

    private void fail(Pending scrape, TunnelScrapeException error) {
        scrape.result.completeExceptionally(error);
    }

    /** Runs once per scrape, however it ended: forgets it and counts the result. */
    private void finished(Pending scrape, Throwable error) {
        synchronized (lock) {
            scrape.cancelTimeout.run();
            ArrayDeque<Pending> queue = queues.get(scrape.request.hostname());
            if (queue != null && queue.remove(scrape) && queue.isEmpty()) {
                queues.remove(scrape.request.hostname());
            }
            if (scrape.id != null && handedOut.get(scrape.id) == scrape) {
                handedOut.remove(scrape.id);
            }
        }
        if (error == null) {
            metrics.scraped("ok");
            metrics.took(Duration.between(scrape.arrived, clock.instant()));
        } else if (error instanceof TunnelScrapeException e) {
            metrics.scraped(e.reason().label());
        } else if (error instanceof CancellationException) {
            metrics.scraped("cancelled");
        }
    }

    private int scrapesWaiting() {
        synchronized (lock) {
            int n = handedOut.size();
            for (ArrayDeque<Pending> q : queues.values()) {
                n += q.size();
            }
            return n;
        }
    }

    /** Drops expired registrations and empty queues, tells watchers of changes, and schedules itself again. */
    private void sweep() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            dropUnlisted(clock.instant());
            cancelSweep = scheduler.after(SWEEP_EVERY, this::sweep);
        }
        publish();
    }

    /** Drops the registrations no longer listed; returns how many remain. Under the lock. */
    private int dropUnlisted(Instant now) {
        registry.values().removeIf(reg -> !reg.listed(now, options.registrationTimeout()));
        return registry.size();
    }

    private void publish() {
        if (watchers.isEmpty()) {
            return;
        }
        List<TunnelClient> now = clients();
        if (same(now, published)) {
            return;
        }
        published = now;
        for (Watcher w : watchers) {
            w.deliver(now);
        }
    }

    private static boolean same(List<TunnelClient> a, List<TunnelClient> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameAs(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** One fqdn's registration. Guarded by the proxy's lock. */
    private static final class Registration {
        String owner = "";
        Map<String, String> labels = Map.of();
        List<DeclaredTarget> targets = List.of();
        int openPolls;
        Instant lastPoll = Instant.EPOCH;

        void began(Poll poll, Instant now) {
            owner = poll.owner();
            labels = poll.labels();
            targets = poll.targets();
            openPolls++;
            lastPoll = now;
        }

        void ended(Instant now) {
            openPolls--;
            lastPoll = now;
        }

        boolean listed(Instant now, Duration registrationTimeout) {
            return openPolls > 0 || now.isBefore(lastPoll.plus(registrationTimeout));
        }

        TunnelClient view(String fqdn, Instant now) {
            boolean connected = openPolls > 0 || now.isBefore(lastPoll.plus(CONNECTED_GRACE));
            return new TunnelClient(fqdn, owner, labels, targets, connected, lastPoll);
        }
    }

    /** A poll held open. */
    private static final class OpenPoll {
        final Poll poll;
        final CompletableFuture<PollAnswer> answer;
        final Registration registration;
        Runnable cancelRenew = () -> { };

        OpenPoll(Poll poll, CompletableFuture<PollAnswer> answer, Registration registration) {
            this.poll = poll;
            this.answer = answer;
            this.registration = registration;
        }
    }

    /** A scrape waiting for a poll (id null) or for the push with its id. */
    private static final class Pending {
        final ScrapeRequest request;
        final Instant arrived;
        final CompletableFuture<RelayedResponse> result = new CompletableFuture<>();
        Runnable cancelTimeout = () -> { };
        String id;
        String owner;

        Pending(ScrapeRequest request, Instant arrived) {
            this.request = request;
            this.arrived = arrived;
        }

        ScrapeRequest handedRequest() {
            return request.withHeader(TunnelHeaders.ID, id);
        }
    }

    /** A watch; its deliveries never overlap. */
    private static final class Watcher {
        private final Consumer<List<TunnelClient>> onChange;
        private boolean closed;

        Watcher(Consumer<List<TunnelClient>> onChange) {
            this.onChange = onChange;
        }

        synchronized void deliver(List<TunnelClient> clients) {
            if (!closed) {
                onChange.accept(clients);
            }
        }

        synchronized void close() {
            closed = true;
        }
    }
}
