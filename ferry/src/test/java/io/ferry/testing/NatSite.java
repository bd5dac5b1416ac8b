package io.ferry.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote site behind a NAT, made real with network namespaces: the site's host can connect out,
 * nothing outside can connect in. Needs root (or CAP_NET_ADMIN) and {@code ip} (iproute2) and
 * {@code nft} (nftables).
 *
 * <pre>
 *   this namespace (the outside)        namespace "router"                  namespace "site"
 *   outsideAddress() ---veth--- router outside      router inside ---veth--- siteAddress()
 *                                masquerade out; forward drops what is not a reply
 * </pre>
 *
 * <p>The outside has a route to the site's subnet through the router, so a connection from it to
 * {@link #siteAddress} reaches the NAT and is dropped there, as on the Internet, rather than leaving
 * by the machine's default route. Names (namespaces, links) and subnets (a /29 of 10.128.0.0/9) are
 * unique per JVM and site, so parallel runs on one machine do not meet.
 *
 * <pre>{@code
 * try (NatSite site = NatSite.create("TunnelNatIT")) {   // skips the test where the kernel refuses
 *     ChildProcess target = ChildProcess.builder(site.inside(List.of("python3", "-m", "http.server",
 *             "--bind", site.siteAddress(), "9100"))).start();
 *     assertThat(site.connectsFromOutside(9100, Duration.ofSeconds(2))).isFalse();
 * }
 * }</pre>
 *
 * <p>{@link #close} kills what still runs in the two namespaces, then deletes them (their links and
 * the outside's route go with them); {@link #create} deletes those left by a JVM killed before it
 * could. Not thread-safe: one test thread drives it.
 */
public final class NatSite implements AutoCloseable {
    private static final String IP = "ip";
    /** By its path: /usr/sbin is not on a user's PATH, where the test is to be skipped, not failed. */
    private static final String NFT = "/usr/sbin/nft";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** A namespace of this class: group 1 its name, group 2 the pid (base 36) of the JVM that made it. */
    private static final Pattern OWN_NAMESPACE = Pattern.compile("^(ferry-(?:nat|site)-([0-9a-z]+)-[0-9a-z]+)\\b");
    private static final Pattern MASQUERADE_PACKETS = Pattern.compile("counter packets (\\d+) bytes \\d+ masquerade");

    private final String id;
    private final String router;
    private final String site;
    /** The first three octets of the site's /29, with the dot. */
    private final String prefix;
    /** The last octet of the /29's network address. */
    private final int base;
    private final List<String> created = new ArrayList<>();

    /** {@code subnet}: which /29 of 10.128.0.0/9, below 2^20. */
    private NatSite(String id, int subnet) {
        this.id = id;
        this.router = "ferry-nat-" + id;
        this.site = "ferry-site-" + id;
        this.prefix = "10." + (128 + (subnet >> 13)) + "." + ((subnet >> 5) & 0xff) + ".";
        this.base = (subnet & 0x1f) << 3;
    }

    /** The /29's addresses: 1 outside, 2 router outside (a /30); 5 router inside, 6 site (a /30). */
    private String address(int offset) {
        return prefix + (base + offset);
    }

    /**
     * Builds the site. Where the kernel refuses network namespaces, veth links or NAT (no
     * permission, no support), the calling test is skipped with a JUnit assumption and a line
     * {@code <testName> SKIPPED: <why>} on stderr, so that CI's output shows it.
     */
    public static NatSite create(String testName) throws IOException, InterruptedException {
        ExternalTool.require(IP, "iproute2");
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        int sequence = SEQUENCE.getAndIncrement();
        String id = Long.toString(pid, 36) + "-" + Integer.toString(sequence, 36);
        NatSite nat = new NatSite(id, (int) ((pid * 8 + sequence) % (1 << 20)));
        try {
            nat.build(testName);
            return nat;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            nat.close();
            throw e;
        }
    }

    /**
     * Deletes the namespaces of sites whose JVM is gone without closing them (killed mid-test):
     * their names carry that JVM's pid. Those of running JVMs are left alone.
     */
    private static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : tryOutput(List.of(IP, "netns", "list")).lines().toList()) {
            Matcher m = OWN_NAMESPACE.matcher(line);
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2), 36)).isEmpty()) {
                delete(m.group(1));
            }
        }
    }

    private void build(String testName) throws IOException, InterruptedException {
        String refused = tryRun(List.of(IP, "netns", "add", router));
        if (refused == null) {
            created.add(router);
            refused = tryRun(List.of(IP, "netns", "add", site));
        }
        if (refused != null) {
            skip(testName, "the kernel refuses network namespaces (`ip netns add`: " + refused.strip() + ")");
        }
        created.add(site);
        ExternalTool.require(NFT, "nftables");

        String outside = "fo" + id;
        String routerOutside = "fro" + id;
        String routerInside = "fri" + id;
        String siteLink = "fsi" + id;
        String routerOutsideAddress = address(2);
        String routerInsideAddress = address(5);

        String veth = tryRun(List.of(IP, "link", "add", outside, "type", "veth", "peer", "name", routerOutside,
                "netns", router));
        if (veth != null) {
            skip(testName, "the kernel refuses veth links between namespaces (`ip link add`: " + veth.strip() + ")");
        }
        run(IP, "link", "add", routerInside, "netns", router, "type", "veth", "peer", "name", siteLink, "netns", site);
        run(IP, "addr", "add", outsideAddress() + "/30", "dev", outside);
        run(IP, "link", "set", outside, "up");
        run(IP, "-n", router, "addr", "add", routerOutsideAddress + "/30", "dev", routerOutside);
        run(IP, "-n", router, "addr", "add", routerInsideAddress + "/30", "dev", routerInside);
        run(IP, "-n", site, "addr", "add", siteAddress() + "/30", "dev", siteLink);
        for (String[] link : new String[][] {{router, "lo"}, {router, routerOutside}, {router, routerInside},
                {site, "lo"}, {site, siteLink}}) {
            run(IP, "-n", link[0], "link", "set", link[1], "up");
        }
        run(IP, "-n", site, "route", "add", "default", "via", routerInsideAddress);
        run(IP, "route", "add", prefix + base + "/29", "via", routerOutsideAddress);
        run(IP, "netns", "exec", router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        // What a home or office router does: the site's connections leave with the router's
        // address, and only their replies come back in.
        String ruleset = """
                table ip ferry_nat {
                  chain postrouting {
                    type nat hook postrouting priority srcnat;
                    oifname "%1$s" counter masquerade
                  }
                  chain forward {
                    type filter hook forward priority filter; policy drop;
                    ct state established,related accept
                    iifname "%2$s" oifname "%1$s" accept
                  }
                }
                """.formatted(routerOutside, routerInside);
        String nat = tryRun(List.of(IP, "netns", "exec", router, NFT, "-f", "-"), ruleset);
        if (nat != null) {
            skip(testName, "the kernel refuses NAT in a network namespace (`nft`: " + nat.strip() + ")");
        }
    }

    private static void skip(String testName, String why) {
        System.err.println(testName + " SKIPPED: " + why);
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    /** The outside's address on the link to the router: what the site connects out to. */
    public String outsideAddress() {
        return address(1);
    }

    /** The router's outside address: the source the outside sees on the site's connections. */
    public String natAddress() {
        return address(2);
    }

    /** The site host's address, private to the site. */
    public String siteAddress() {
        return address(6);
    }

    /**
     * The command that runs the rest of its arguments inside the site's namespace:
     * {@code ip netns exec NAME}, which execs them (the pid stays the same, so closing the
     * {@link ChildProcess} stops the program itself).
     */
    public List<String> launcher() {
        return List.of(IP, "netns", "exec", site);
    }

    /** {@code command} run inside the site's namespace (after {@link #launcher}). */
    public List<String> inside(List<String> command) {
        List<String> all = new ArrayList<>(launcher());
        all.addAll(command);
        return all;
    }

    /** How many packets the router has masqueraded so far: above 0 once the site has connected out. */
    public long masqueradedPackets() throws IOException, InterruptedException {
        String table = run(IP, "netns", "exec", router, NFT, "list", "table", "ip", "ferry_nat");
        Matcher m = MASQUERADE_PACKETS.matcher(table);
        if (!m.find()) {
            throw new IOException("no masquerade counter in\n" + table);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Whether a TCP connection from the outside to {@code siteAddress():port} opens within
     * {@code timeout}; the NAT drops it, so false once the timeout has passed.
     */
    public boolean connectsFromOutside(int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(siteAddress(), port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills what still runs in the namespaces, then deletes them; safe to call more than once. */
    @Override
    public void close() {
        for (String ns : created.reversed()) {
            try {
                delete(ns);
            } catch (IOException | InterruptedException e) {
                System.err.println("NatSite: could not delete network namespace " + ns + ": " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        created.clear();
    }

    /** Kills what runs in namespace {@code ns}, then deletes it (its links go with it). */
    private static void delete(String ns) throws IOException, InterruptedException {
        String pids = tryOutput(List.of(IP, "netns", "pids", ns));
        for (String p : pids.lines().map(String::strip).filter(l -> l.matches("\\d+")).toList()) {
            ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly);
        }
        String failed = tryRun(List.of(IP, "netns", "del", ns));
        if (failed != null) {
            System.err.println("NatSite: could not delete network namespace " + ns + ": " + failed.strip());
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        ExternalTool.Result r = ExternalTool.run(List.of(command), COMMAND_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output());
        }
        return r.output();
    }

    /** Null when {@code command} succeeds, else what it wrote. */
    private static String tryRun(List<String> command) throws IOException, InterruptedException {
        return tryRun(command, "");
    }

    private static String tryRun(List<String> command, String stdin) throws IOException, InterruptedException {
        try (ChildProcess p = ChildProcess.builder(command).stdin(stdin).mergeStderr().start()) {
            ChildProcess.Result r = p.finish(COMMAND_TIMEOUT);
            return r.exit() == 0 ? null : r.stdout();
        }
    }

    private static String tryOutput(List<String> command) throws IOException, InterruptedException {
        return ExternalTool.run(command, COMMAND_TIMEOUT).output();
    }
}
