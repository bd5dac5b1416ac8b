package io.ferry.tunnel.proxy;

import io.ferry.telemetry.DefaultRegistry;
import io.ferry.tunnel.HeaderFields;
import io.ferry.tunnel.RelayedResponse;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TunnelProxyTest {
    private final ManualScheduler time = new ManualScheduler();
    private final ProxyOptions options = new ProxyOptions(true, "", 10, Duration.ofSeconds(15), Duration.ofMinutes(5),
            Duration.ofMinutes(5), 1000, 2);
    private final TunnelProxy proxy = new TunnelProxy(options, time.clock, time, new DefaultRegistry());

    private static ScrapeRequest request(String url) {
        return new ScrapeRequest("GET", URI.create(url), HeaderFields.of(TunnelHeaders.SCRAPE_TIMEOUT_SECONDS, "10"));
    }

    private static RelayedResponse ok(String id) {
        return new RelayedResponse(200, "OK", HeaderFields.of("Id", id, "X-Prometheus-Scrape-Timeout-Seconds", "9",
                "Content-Type", "text/plain"), "up 1\n".getBytes());
    }

    private static String idOf(CompletableFuture<PollAnswer> poll) {
        return ((PollAnswer.Scrape) poll.join()).request().header(TunnelHeaders.ID).orElseThrow();
    }

    @Test
    void aScrapeGoesToThePollOfItsHostAndThePushAnswersIt() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(Poll.plain("site-a", ""));
        assertThat(poll).isNotDone();
        CompletableFuture<RelayedResponse> scrape = proxy.scrape(request("http://site-a:9100/metrics"), Duration.ofSeconds(10));
        String id = idOf(poll);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(proxy.push(id, ok(id), "")).isEqualTo(PushOutcome.DELIVERED);
        RelayedResponse r = scrape.get();
        assertThat(r.headers()).isEqualTo(HeaderFields.of("Content-Type", "text/plain"));
        assertThat(proxy.push(id, ok(id), "")).isEqualTo(PushOutcome.UNKNOWN_ID);
    }

    @Test
    void aScrapeWaitsForALaterPoll() throws Exception {
        CompletableFuture<RelayedResponse> scrape = proxy.scrape(request("http://site-a:9100/metrics"), Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(3));
        CompletableFuture<PollAnswer> poll = proxy.poll(Poll.plain("site-a", ""));
        assertThat(proxy.push(idOf(poll), ok("x"), "")).isEqualTo(PushOutcome.DELIVERED);
        assertThat(scrape).isCompleted();
    }

    @Test
    void aScrapeTimesOutWithPushProxsText() throws Exception {
        CompletableFuture<RelayedResponse> scrape = proxy.scrape(request("http://gone:9100/metrics"), Duration.ofSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertThatThrownBy(scrape::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(TunnelScrapeException.class)
                .hasMessage("timeout reached for \"http://gone:9100/metrics\": context deadline exceeded");
    }

    @Test
    void aLatePushFindsNoScrape() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(Poll.plain("site-a", ""));
        proxy.scrape(request("http://site-a:9100/metrics"), Duration.ofSeconds(10));
        String id = idOf(poll);
        time.advance(Duration.ofSeconds(11));
        assertThat(proxy.push(id, ok(id), "")).isEqualTo(PushOutcome.UNKNOWN_ID);
    }

    @Test
    void theQueuePerFqdnIsBounded() throws Exception {
        proxy.scrape(request("http://a:1/"), Duration.ofSeconds(10));
        proxy.scrape(request("http://a:1/"), Duration.ofSeconds(10));
        CompletableFuture<RelayedResponse> third = proxy.scrape(request("http://a:1/"), Duration.ofSeconds(10));
        assertThat(third).isCompletedExceptionally();
        assertThat(proxy.scrape(request("http://b:1/"), Duration.ofSeconds(10))).isNotDone();
    }

    @Test
    void aNewerPollBySameOwnerExpiresTheOlder() throws Exception {
        CompletableFuture<PollAnswer> first = proxy.poll(Poll.plain("site-a", "token:a"));
        CompletableFuture<PollAnswer> second = proxy.poll(Poll.plain("site-a", "token:a"));
        assertThat(first.get()).isEqualTo(PollAnswer.EXPIRED);
        assertThat(second).isNotDone();
    }

    @Test
    void anotherOwnerCannotTakeOverUntilTheRegistrationExpires() throws Exception {
        CompletableFuture<PollAnswer> a = proxy.poll(Poll.plain("site-a", "token:a"));
        assertThatThrownBy(() -> proxy.poll(Poll.plain("site-a", "token:b")))
                .isInstanceOf(TakeoverRefused.class).hasMessage("fqdn \"site-a\" is registered by another client");
        a.cancel(false);
        time.advance(Duration.ofMinutes(4));
        assertThatThrownBy(() -> proxy.poll(Poll.plain("site-a", "token:b"))).isInstanceOf(TakeoverRefused.class);
        time.advance(Duration.ofMinutes(1));
        assertThat(proxy.poll(Poll.plain("site-a", "token:b"))).isNotDone();
        assertThat(proxy.clients()).extracting(TunnelClient::owner).containsExactly("token:b");
    }

    @Test
    void aPushByAnotherOwnerIsRefusedAndTheScrapeKeepsWaiting() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(Poll.plain("site-a", "token:a"));
        CompletableFuture<RelayedResponse> scrape = proxy.scrape(request("http://site-a:9100/"), Duration.ofSeconds(10));
        String id = idOf(poll);
        assertThat(proxy.push(id, ok(id), "token:b")).isEqualTo(PushOutcome.WRONG_CLIENT);
        assertThat(scrape).isNotDone();
        assertThat(proxy.push(id, ok(id), "token:a")).isEqualTo(PushOutcome.DELIVERED);
        assertThat(scrape).isCompleted();
    }

    @Test
    void aClientInALongPollStaysListedAndLeavesAfterTheRegistrationTimeout() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(new Poll("site-a", "", Map.of("site", "a"),
                List.of(new DeclaredTarget(9100, "/metrics")), Duration.ZERO));
        time.advance(Duration.ofMinutes(30));
        assertThat(proxy.clients()).singleElement().satisfies(c -> {
            assertThat(c.connected()).isTrue();
            assertThat(c.labels()).containsEntry("site", "a");
        });
        poll.cancel(false);
        time.advance(TunnelProxy.CONNECTED_GRACE);
        assertThat(proxy.clients()).singleElement().satisfies(c -> assertThat(c.connected()).isFalse());
        time.advance(Duration.ofMinutes(5));
        assertThat(proxy.clients()).isEmpty();
    }

    @Test
    void aPollWithRenewIsAnsweredRenewAfterThatLong() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(new Poll("site-a", "", Map.of(), List.of(), Duration.ofSeconds(30)));
        time.advance(Duration.ofSeconds(29));
        assertThat(poll).isNotDone();
        time.advance(Duration.ofSeconds(1));
        assertThat(poll.get()).isEqualTo(PollAnswer.RENEW);
    }

    @Test
    void aCancelledPollGetsNoScrape() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(Poll.plain("site-a", ""));
        poll.cancel(false);
        CompletableFuture<RelayedResponse> scrape = proxy.scrape(request("http://site-a:9100/"), Duration.ofSeconds(10));
        CompletableFuture<PollAnswer> next = proxy.poll(Poll.plain("site-a", ""));
        assertThat(next).isCompleted();
        assertThat(proxy.push(idOf(next), ok("x"), "")).isEqualTo(PushOutcome.DELIVERED);
        assertThat(scrape).isCompleted();
    }

    @Test
    void watchersHearOfComingAndGoing() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        Subscription s = proxy.watch(cs -> seen.add(cs.stream().map(TunnelClient::fqdn).toList()));
        proxy.poll(Poll.plain("b", ""));
        proxy.poll(Poll.plain("a", "")).cancel(false);
        time.advance(Duration.ofSeconds(1));
        time.advance(Duration.ofMinutes(6));
        s.close();
        proxy.poll(Poll.plain("c", ""));
        time.advance(Duration.ofSeconds(2));
        assertThat(seen).containsExactly(List.of(), List.of("a", "b"), List.of("a", "b"), List.of("b"));
    }

    @Test
    void timeoutsFollowPushProx() throws Exception {
        ProxyOptions o = new ProxyOptions(true, "", 1, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5), 1, 1);
        assertThat(o.scrapeTimeout("5.0")).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.scrapeTimeout(null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.scrapeTimeout("")).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.scrapeTimeout("600.0")).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.scrapeTimeout("30.0")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void closeFailsScrapesAndExpiresPolls() throws Exception {
        CompletableFuture<PollAnswer> poll = proxy.poll(Poll.plain("a", ""));
        CompletableFuture<RelayedResponse> scrape = proxy.scrape(request("http://b:1/"), Duration.ofSeconds(10));
        proxy.close();
        assertThat(poll.get()).isEqualTo(PollAnswer.EXPIRED);
        assertThat(scrape).isCompletedExceptionally();
    }
}
