package io.ferry.statsd.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Datagrams the kernel dropped on Ferry's own UDP sockets because their receive buffers were full:
 * the {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6}, summed over the
 * sockets of this process bound to the StatsD port (their inodes, found through
 * {@code /proc/self/fd}). These are the losses no counter inside a process can see otherwise.
 *
 * <pre>{@code
 * KernelDrops drops = KernelDrops.forPort(9125);     // after binding
 * drops.total();                                     // at each scrape
 * }</pre>
 *
 * <p>Linux only: where {@code /proc/net/udp} cannot be read, {@link #supported()} is false and
 * {@link #total()} 0. The column counts since each socket was created, so the sum is a counter
 * for the life of the sockets. Thread-safe (immutable; each call reads the files afresh).
 */
public final class KernelDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final Path OWN_FDS = Path.of("/proc/self/fd");

    private final Set<Long> inodes;
    private final boolean supported;

    private KernelDrops(Set<Long> inodes, boolean supported) {
        this.inodes = Set.copyOf(inodes);
        this.supported = supported;
    }

    /** This process's UDP sockets bound to {@code port}, as they are now. */
    public static KernelDrops forPort(int port) {
        try {
            Set<Long> own = ownSocketInodes();
            Set<Long> onPort = new HashSet<>();
            for (Entry e : entries()) {
                if (e.port() == port && own.contains(e.inode())) {
                    onPort.add(e.inode());
                }
            }
            return new KernelDrops(onPort, true);
        } catch (IOException | RuntimeException e) {
            return new KernelDrops(Set.of(), false);
        }
    }

    /**
     * Whether a UDP socket of another process is bound to {@code port}: with SO_REUSEPORT the kernel
     * would share the datagrams between both processes rather than refuse the second bind, so
     * the caller refuses it instead. False where the tables cannot be read.
     */
    public static boolean otherProcessOn(int port) {
        try {
            Set<Long> own = ownSocketInodes();
            Set<String> ownAddresses = new HashSet<>();
            List<Entry> all = entries();
            for (Entry e : all) {
                if (e.port() == port && own.contains(e.inode())) {
                    ownAddresses.add(e.address());
                }
            }
            for (Entry e : all) {
                if (e.port() == port && !own.contains(e.inode()) && overlaps(e.address(), ownAddresses)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public boolean supported() {
        return supported;
    }

    /** How many sockets were found; 0 when not supported. */
    public int sockets() {
        return inodes.size();
    }

    /** The drops of the sockets found at {@link #forPort}, summed; 0 when the tables cannot be read. */
    public long total() {
        if (!supported || inodes.isEmpty()) {
            return 0;
        }
        try {
            long sum = 0;
            for (Entry e : entries()) {
                if (inodes.contains(e.inode())) {
                    sum += e.drops();
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether a socket bound to {@code address} receives what one bound to any of {@code own} would. */
    private static boolean overlaps(String address, Set<String> own) {
        if (own.contains(address) || isWildcard(address)) {
            return true;
        }
        return own.stream().anyMatch(KernelDrops::isWildcard);
    }

    private static boolean isWildcard(String hexAddress) {
        return hexAddress.chars().allMatch(c -> c == '0');
    }

    /** One row of a {@code /proc/net/udp*} table; {@code address} is the local address in the table's hex. */
    record Entry(String address, int port, long inode, long drops) {
        /** Parses a data row; the header row and short rows give null. */
        static Entry parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 13 || !f[0].endsWith(":")) {
                return null;
            }
            String local = f[1];
            int colon = local.lastIndexOf(':');
            return new Entry(ipv4Mapped(local.substring(0, colon)), Integer.parseInt(local.substring(colon + 1), 16), Long.parseLong(f[9]),
                    Long.parseLong(f[12]));
        }
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as the IPv4 table writes a.b.c.d. */
    static String ipv4Mapped(String hex) {
        return hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000") ? hex.substring(24) : hex;
    }

    private static List<Entry> entries() throws IOException {
        List<Entry> out = new java.util.ArrayList<>();
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                Entry e = Entry.parse(line);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        if (out.isEmpty() && !Files.isReadable(TABLES.get(0))) {
            throw new IOException("no " + TABLES.get(0));
        }
        return out;
    }

    private static Set<Long> ownSocketInodes() throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(OWN_FDS)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(Long.parseLong(target, 8, target.length() - 1, 10));
                    }
                } catch (IOException e) {
                    // Closed while listing.
                }
            }
        }
        return inodes;
    }
}
