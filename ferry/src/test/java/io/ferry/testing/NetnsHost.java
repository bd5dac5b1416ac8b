package io.ferry.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second host made real with a network namespace, joined to this one by a veth pair, whose
 * connections to one address and port can be cut (its packets dropped, as a network partition does)
 * and healed, while the rest of its traffic flows. Needs root (or CAP_NET_ADMIN), {@code ip}
 * (iproute2) and {@code nft} (nftables).
 *
 * <pre>
 *   this namespace                               namespace "ferry-host-..."
 *   hostAddress() ------------- veth ------------- address()
 *   (listen here to be reachable from both)        cut(hostAddress(), port): its packets to that port dropped
 * </pre>
 *
 * <pre>{@code
 * try (NetnsHost other = NetnsHost.create("PartitionClusterIT")) {   // skips the test where the kernel refuses
 *     ChildProcess p = ChildProcess.builder(other.inside(List.of("java", "-jar", ...))).start();
 *     other.cut(other.hostAddress(), brokerPort);
 *     other.heal();
 * }
 * }</pre>
 *
 * <p>Names and subnets (a /30 of 10.64.0.0/10) are unique per JVM and host. {@link #close} kills what
 * still runs in the namespace and deletes it (its rules and its end of the link go with it, and the
 * link with its end); {@link #create} deletes those left by a JVM killed before it could. Not
 * thread-safe: one test thread drives it.
 */
public final class NetnsHost implements AutoCloseable {
    private static final String IP = "ip";
    /** By its path: /usr/sbin is not on a user's PATH, where the test is to be skipped, not failed. */
    private static final String NFT = "/usr/sbin/nft";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** A namespace of this class: group 1 its name, group 2 the pid (base 36) of the JVM that made it. */
    private static final Pattern OWN_NAMESPACE = Pattern.compile("^(ferry-host-([0-9a-z]+)-[0-9a-z]+)\\b");
    private static final String CUT_TABLE = "ferry_cut";

    private final String namespace;
    private final String link;
    private final String hostAddress;
    private final String address;
    private boolean created;

    private NetnsHost(String id, int subnet) {
        this.namespace = "ferry-host-" + id;
        this.link = "fh" + id;
        String prefix = "10." + (64 + (subnet >> 14)) + "." + ((subnet >> 6) & 0xff) + ".";
        int base = (subnet & 0x3f) << 2;
        this.hostAddress = prefix + (base + 1);
        this.address = prefix + (base + 2);
    }

    /**
     * Builds the host. Where the kernel refuses network namespaces, veth links or nftables, the
     * calling test is skipped with a JUnit assumption and a line {@code <testName> SKIPPED: <why>}
     * on stderr, so that CI's output shows it.
     */
    public static NetnsHost create(String testName) throws IOException, InterruptedException {
        ExternalTool.require(IP, "iproute2");
        ExternalTool.require(NFT, "nftables");
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        int sequence = SEQUENCE.getAndIncrement();
        NetnsHost host = new NetnsHost(Long.toString(pid, 36) + "-" + Integer.toString(sequence, 36),
                (int) ((pid * 4 + sequence) % (1 << 20)));
        try {
            host.build(testName);
            return host;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    private static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : output(List.of(IP, "netns", "list")).lines().toList()) {
            Matcher m = OWN_NAMESPACE.matcher(line);
            if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2), 36)).isEmpty()) {
                delete(m.group(1), null);
            }
        }
    }

    private void build(String testName) throws IOException, InterruptedException {
        String refused = tryRun(List.of(IP, "netns", "add", namespace), "");
        if (refused != null) {
            skip(testName, "the kernel refuses network namespaces (`ip netns add`: " + refused.strip() + ")");
        }
        created = true;
        String veth = tryRun(List.of(IP, "link", "add", link, "type", "veth", "peer", "name", link + "i", "netns",
                namespace), "");
        if (veth != null) {
            skip(testName, "the kernel refuses veth links between namespaces (`ip link add`: " + veth.strip() + ")");
        }
        run(IP, "addr", "add", hostAddress + "/30", "dev", link);
        run(IP, "link", "set", link, "up");
        run(IP, "-n", namespace, "addr", "add", address + "/30", "dev", link + "i");
        run(IP, "-n", namespace, "link", "set", link + "i", "up");
        run(IP, "-n", namespace, "link", "set", "lo", "up");
        String table = tryRun(List.of(IP, "netns", "exec", namespace, NFT, "-f", "-"),
                "table ip " + CUT_TABLE + " {\n  chain output {\n    type filter hook output priority filter;\n  }\n}\n");
        if (table != null) {
            skip(testName, "the kernel refuses nftables in a network namespace (`nft`: " + table.strip() + ")");
        }
    }

    private static void skip(String testName, String why) {
        System.err.println(testName + " SKIPPED: " + why);
        org.junit.jupiter.api.Assumptions.abort(why);
    }

    /** This namespace's address on the link: listen here to be reachable from both hosts. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The other host's address. */
    public String address() {
        return address;
    }

    /** {@code command} run inside the namespace: {@code ip netns exec NAME} execs it, so its pid is the program's. */
    public List<String> inside(List<String> command) {
        List<String> all = new ArrayList<>(launcher());
        all.addAll(command);
        return all;
    }

    /** The command that runs the rest of its arguments inside the namespace. */
    public List<String> launcher() {
        return List.of(IP, "netns", "exec", namespace);
    }

    /** Drops every TCP packet the other host sends to {@code toAddress:port} (new and open connections alike). */
    public void cut(String toAddress, int port) throws IOException, InterruptedException {
        run(IP, "netns", "exec", namespace, NFT, "add", "rule", "ip", CUT_TABLE, "output", "ip", "daddr", toAddress,
                "tcp", "dport", Integer.toString(port), "drop");
    }

    /** Lifts every {@link #cut}. */
    public void heal() throws IOException, InterruptedException {
        run(IP, "netns", "exec", namespace, NFT, "flush", "chain", "ip", CUT_TABLE, "output");
    }

    /** Kills what still runs in the namespace, then deletes it and the link; safe to call more than once. */
    @Override
    public void close() {
        if (!created) {
            return;
        }
        created = false;
        try {
            delete(namespace, link);
        } catch (IOException | InterruptedException e) {
            System.err.println("NetnsHost: could not delete network namespace " + namespace + ": " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kills what runs in {@code ns}, deletes it, then {@code link} (null: none) when its end did not take it along. */
    private static void delete(String ns, String link) throws IOException, InterruptedException {
        for (String p : output(List.of(IP, "netns", "pids", ns)).lines().map(String::strip)
                .filter(l -> l.matches("\\d+")).toList()) {
            ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly);
        }
        String failed = tryRun(List.of(IP, "netns", "del", ns), "");
        if (failed != null) {
            System.err.println("NetnsHost: could not delete network namespace " + ns + ": " + failed.strip());
        }
        if (link != null) {
            tryRun(List.of(IP, "link", "del", link), ""); // usually gone with its peer already
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
    private static String tryRun(List<String> command, String stdin) throws IOException, InterruptedException {
        try (ChildProcess p = ChildProcess.builder(command).stdin(stdin).mergeStderr().start()) {
            ChildProcess.Result r = p.finish(COMMAND_TIMEOUT);
            return r.exit() == 0 ? null : r.stdout();
        }
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        return ExternalTool.run(command, COMMAND_TIMEOUT).output();
    }
}
