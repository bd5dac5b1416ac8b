package io.ferry.scrape.discovery;

import io.ferry.model.Labels;
import io.ferry.telemetry.Counter;
import io.ferry.testing.ChildProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real DNS server: dnsmasq on a loopback port, with records given on its command line. */
class DnsDiscovererTest {
    private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

    @TempDir
    Path dir;

    private final ScheduledExecutorService executor = Discoverers.newExecutor();
    private final Counter.Child lookups = new Counter.Child();
    private final Counter.Child failures = new Counter.Child();
    private final Updates.CapturedLog log = new Updates.CapturedLog();
    private final Updates updates = new Updates();
    private final List<Discoverer> discoverers = new ArrayList<>();
    private ChildProcess dnsmasq;
    private int port;

    @AfterEach
    void stop() {
        discoverers.forEach(Discoverer::close);
        executor.shutdownNow();
        stopDnsmasq();
    }

    private void stopDnsmasq() {
        if (dnsmasq != null) {
            dnsmasq.close();
            dnsmasq = null;
        }
    }

    /** Starts dnsmasq with {@code records} (options such as {@code --srv-host=...}); waits until it answers. */
    private void dnsmasq(String... records) throws Exception {
        if (!Files.isExecutable(DNSMASQ)) {
            throw new AssertionError(DNSMASQ + " is missing: install Debian's dnsmasq-base "
                    + "(apt-get install dnsmasq-base; .ci/run does)");
        }
        if (port == 0) {
            port = udpAndTcpPort();
        }
        List<String> cmd = new ArrayList<>(List.of(DNSMASQ.toString(), "--no-daemon", "--port=" + port,
                "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--conf-file=/dev/null", "--pid-file=" + dir.resolve("dnsmasq.pid"), "--user=" + System.getProperty("user.name"),
                "--log-facility=-",
                // Answer "does not exist" for unknown names of the test domain instead of refusing them.
                "--local=/example.test/"));
        cmd.addAll(List.of(records));
        dnsmasq = ChildProcess.builder(cmd).mergeStderr().start();
        // Ready when it answers (with "does not exist") for a name it has no record of.
        JndiDnsResolver r = JndiDnsResolver.server("127.0.0.1", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                r.lookup("ready.example.test", DnsSd.Type.A);
                return;
            } catch (IOException e) {
                if (!dnsmasq.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("dnsmasq did not start: " + dnsmasq.stdout(), e);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * A loopback port free for UDP and for TCP, as dnsmasq listens on both: a UDP port alone may be
     * the local port of another test's TCP connection, and dnsmasq would not start.
     */
    private static int udpAndTcpPort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 java.net.ServerSocket tcp = new java.net.ServerSocket(udp.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (java.net.BindException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private DnsDiscoverer start(DnsSd config) {
        DnsDiscoverer d = new DnsDiscoverer(config, JndiDnsResolver.server("127.0.0.1", port), executor, lookups,
                failures, log.logger());
        discoverers.add(d);
        d.start(updates);
        return d;
    }

    @Test
    void srvRecordsBecomeTargetsWithPrometheusLabels() throws Exception {
        dnsmasq("--srv-host=_node._tcp.example.test,web1.example.test,9100,10,5",
                "--srv-host=_node._tcp.example.test,web2.example.test,9200,20,5");
        start(new DnsSd(List.of("_node._tcp.example.test"), DnsSd.Type.SRV, 0, Duration.ofHours(1)));
        var state = updates.await("the SRV group", s -> s.containsKey("_node._tcp.example.test"));
        TargetGroup g = state.get("_node._tcp.example.test");
        assertThat(g.labels()).isEqualTo(Labels.EMPTY);
        assertThat(g.targets()).containsExactly(
                Labels.of("__address__", "web1.example.test:9100", "__meta_dns_name", "_node._tcp.example.test",
                        "__meta_dns_srv_record_target", "web1.example.test.", "__meta_dns_srv_record_port", "9100"),
                Labels.of("__address__", "web2.example.test:9200", "__meta_dns_name", "_node._tcp.example.test",
                        "__meta_dns_srv_record_target", "web2.example.test.", "__meta_dns_srv_record_port", "9200"));
        assertThat(lookups.value()).isEqualTo(1);
        assertThat(failures.value()).isZero();
    }

    @Test
    void aAndAaaaRecordsUseTheConfiguredPort() throws Exception {
        dnsmasq("--host-record=node.example.test,10.0.0.1,2001:db8::1",
                "--host-record=node.example.test,10.0.0.2");
        start(new DnsSd(List.of("node.example.test"), DnsSd.Type.A, 9100, Duration.ofHours(1)));
        var a = updates.await("A targets", s -> s.containsKey("node.example.test"));
        assertThat(a.get("node.example.test").targets()).extracting(t -> t.get("__address__"))
                .containsExactly("10.0.0.1:9100", "10.0.0.2:9100");
        assertThat(a.get("node.example.test").targets().getFirst().get("__meta_dns_srv_record_target")).isEmpty();

        Updates v6 = new Updates();
        DnsDiscoverer d = new DnsDiscoverer(new DnsSd(List.of("node.example.test"), DnsSd.Type.AAAA, 9100,
                Duration.ofHours(1)), JndiDnsResolver.server("127.0.0.1", port), executor, lookups, failures, log.logger());
        discoverers.add(d);
        d.start(v6);
        var aaaa = v6.await("AAAA target", s -> s.containsKey("node.example.test"));
        assertThat(aaaa.get("node.example.test").targets()).containsExactly(Labels.of("__address__", "[2001:db8::1]:9100",
                "__meta_dns_name", "node.example.test", "__meta_dns_srv_record_target", "",
                "__meta_dns_srv_record_port", ""));
    }

    @Test
    void missingNameHasNoTargetsButAFailingServerKeepsThem() throws Exception {
        dnsmasq("--srv-host=_a._tcp.example.test,a.example.test,1");
        start(new DnsSd(List.of("_a._tcp.example.test", "_gone._tcp.example.test"), DnsSd.Type.SRV, 0,
                Duration.ofMillis(100)));
        updates.await("_a", s -> s.containsKey("_a._tcp.example.test"));
        assertThat(updates.state()).doesNotContainKey("_gone._tcp.example.test");
        assertThat(failures.value()).isZero(); // NXDOMAIN is an answer, not a failure

        stopDnsmasq(); // now every query fails (no server on the port)
        log.await("dns_sd lookup failed");
        assertThat(failures.value()).isPositive();
        assertThat(updates.state()).containsOnlyKeys("_a._tcp.example.test");

        // Back with the record gone: the name exists no more, so its targets go.
        dnsmasq("--srv-host=_b._tcp.example.test,b.example.test,1");
        updates.await("_a removed", s -> s.isEmpty());
        log.await("dns_sd lookup succeeds again");
    }

    @Test
    void ipv6FormattingFollowsGo() throws Exception {
        assertThat(DnsDiscoverer.ipString(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(DnsDiscoverer.ipString(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(DnsDiscoverer.ipString(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(DnsDiscoverer.ipString(InetAddress.getByName("fe80::1:0:0:0:1"))).isEqualTo("fe80:0:0:1::1");
        assertThat(DnsDiscoverer.ipString(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(DnsDiscoverer.hostPort("::1", 80)).isEqualTo("[::1]:80");
    }
}
