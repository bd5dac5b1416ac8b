package io.ferry.tunnel.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.tunnel.ScrapeRequest;
import io.ferry.tunnel.TunnelHeaders;
import io.ferry.tunnel.TunnelWireException;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes what a tunnel client does with a poll's answer before it scrapes: {@link ScrapeRequest#parse},
 * then the allow-list's decision on its URL and the timeout header's reading. The parse returns or
 * throws {@link TunnelWireException}; the decision and the timeout never throw; an allowed scrape
 * goes only to a target's own host and port, without {@code _scheme}; a timeout is null or
 * positive. Without {@code JAZZER_FUZZ} this replays the committed inputs;
 * {@code bench/fuzz.sh tunnelclient SECONDS} fuzzes it (docs/fuzzing.md).
 */
class PollAnswerFuzzTest {
    private static final AllowList ALLOW = new AllowList(List.of(TunnelTarget.parse("http://127.0.0.1:9100/metrics"),
            TunnelTarget.parse("https://10.0.0.5:9443"), TunnelTarget.parse("db=http://db.internal:9187")), false);
    private static final AllowList ANY_PORT = new AllowList(List.of(), true);
    private static final Set<String> TARGET_AUTHORITIES = Set.of("127.0.0.1:9100", "10.0.0.5:9443", "db.internal:9187");

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        ScrapeRequest r;
        try {
            r = ScrapeRequest.parse(data, 0, data.length);
        } catch (TunnelWireException e) {
            return;
        }
        for (String fqdn : List.of("gw", "db", r.hostname())) {
            if (fqdn.isEmpty()) {
                continue;
            }
            if (ALLOW.resolve(fqdn, r.url()) instanceof AllowList.Allowed a) {
                check(TARGET_AUTHORITIES.contains(a.url().getRawAuthority()), r, a);
                check(a.url().getRawQuery() == null || Arrays.stream(a.url().getRawQuery().split("&"))
                        .noneMatch(p -> p.equals("_scheme") || p.startsWith("_scheme=")), r, a);
            }
            if (ANY_PORT.resolve(fqdn, r.url()) instanceof AllowList.Allowed a) {
                check(fqdn.equalsIgnoreCase(a.url().getHost()), r, a);
            }
        }
        Duration timeout = ScrapeRelay.timeout(r.header(TunnelHeaders.SCRAPE_TIMEOUT_SECONDS).orElse(null));
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new AssertionError("timeout " + timeout + " from " + r);
        }
    }

    private static void check(boolean holds, ScrapeRequest r, AllowList.Allowed a) {
        if (!holds) {
            throw new AssertionError(r.url() + " allowed to " + a.url());
        }
    }
}
