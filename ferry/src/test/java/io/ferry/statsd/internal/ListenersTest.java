package io.ferry.statsd.internal;

import io.ferry.telemetry.DefaultRegistry;
import io.ferry.testing.ChildProcess;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.PythonClient;
import io.ferry.telemetry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The listeners against real sockets, with the queue read by the test instead of parse workers:
 * what arrives, in which framing, and what is refused and counted.
 */
class ListenersTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Registry registry = new DefaultRegistry();
    private final ListenerMetrics metrics = new ListenerMetrics(registry);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        opened.add(c);
        return c;
    }

    /** Takes batches off {@code q} until their packets or lines make up {@code want}, or the wait ends. */
    private static List<String> drain(BatchQueue q, int want) throws InterruptedException {
        List<String> got = new ArrayList<>();
        long end = System.nanoTime() + WAIT.toNanos();
        while (got.size() < want && System.nanoTime() < end) {
            PacketBatch b = q.poll(50);
            if (b == null) {
                continue;
            }
            int start = 0;
            for (int i = 0; i < b.count(); i++) {
                String text = new String(b.data(), start, b.ends()[i] - start, StandardCharsets.ISO_8859_1);
                if (b.framing() == PacketBatch.Framing.LINES) {
                    got.addAll(Arrays.asList(text.split("\n")));
                } else {
                    got.add(text);
                }
                start = b.ends()[i];
            }
            q.done(b);
        }
        return got;
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static void send(InetSocketAddress to, byte[]... packets) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            for (byte[] p : packets) {
                ch.send(ByteBuffer.wrap(p), to);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void udpReadersShareOnePortAndHandOnEveryDatagramWhole() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        UdpListener udp = keep(UdpListener.open(LOOPBACK, 2, 0, q, metrics));
        assertThat(udp.readers()).isEqualTo(2);
        assertThat(udp.boundAddress().getPort()).isPositive();
        byte[] largest = new byte[65_507];  // the largest UDP payload over IPv4
        Arrays.fill(largest, (byte) 'x');
        send(udp.boundAddress(), bytes("a:1|c"), bytes("b:2|g\nc:3|ms"), largest);
        List<String> got = drain(q, 3);
        assertThat(got).hasSize(3).contains("a:1|c", "b:2|g\nc:3|ms");
        assertThat(got).anySatisfy(p -> assertThat(p).hasSize(65_507));
        assertThat(metrics.udpPackets.value()).isEqualTo(3);
        assertThat(udp.kernelDrops().supported()).isTrue();
        assertThat(udp.kernelDrops().sockets()).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsUdpBatchesAndCountsTheirPackets() throws Exception {
        BatchQueue q = new BatchQueue(100);
        UdpListener udp = keep(UdpListener.open(LOOPBACK, 1, 0, q, metrics));
        byte[] sixty = new byte[60];
        Arrays.fill(sixty, (byte) 'y');
        // Nothing takes from the queue: the first batch fits, a later one cannot.
        for (int i = 0; i < 5; i++) {
            send(udp.boundAddress(), sixty);
            int sent = i + 1;
            assertThat(eventually(() -> metrics.udpPackets.value() == sent)).isTrue();
        }
        assertThat(metrics.udpPacketDrops.value()).isEqualTo(4);
        assertThat(q.bytes()).isEqualTo(60);
    }

    @Test
    void aPortTakenWithoutReusePortFailsTheOpen() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        try (DatagramChannel holder = DatagramChannel.open().bind(LOOPBACK)) {
            InetSocketAddress taken = (InetSocketAddress) holder.getLocalAddress();
            assertThatThrownBy(() -> UdpListener.open(taken, 2, 0, q, metrics)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void anotherProcessSharingThePortWithReusePortIsRefused() throws Exception {
        PythonClient.requireAvailable();
        // A Python process binds a port with SO_REUSEPORT and holds it while the listener opens.
        ChildProcess holder = ChildProcess.builder(List.of(PythonClient.PYTHON, "-u", "-c", """
                import socket, sys, time
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
                s.bind(("127.0.0.1", 0))
                print("port", s.getsockname()[1], file=sys.stderr, flush=True)
                time.sleep(60)
                """)).start();
        try (holder) {
            int port = Integer.parseInt(holder.awaitStderr(java.util.regex.Pattern.compile("port (\\d+)"), WAIT).group(1));
            InetSocketAddress shared = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            assertThatThrownBy(() -> UdpListener.open(shared, 2, 0, new BatchQueue(1024), metrics))
                    .isInstanceOf(IOException.class).hasMessageContaining("already in use by another process");
        }
    }

    @Test
    void theKernelsDropsOnAFullSocketAreReadFromProc() throws Exception {
        try (DatagramChannel unread = DatagramChannel.open()) {
            unread.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
            unread.bind(LOOPBACK);
            InetSocketAddress at = (InetSocketAddress) unread.getLocalAddress();
            KernelDrops drops = KernelDrops.forPort(at.getPort());
            assertThat(drops.supported()).isTrue();
            assertThat(drops.sockets()).isEqualTo(1);
            assertThat(drops.total()).isZero();
            byte[] p = new byte[200];
            try (DatagramChannel ch = DatagramChannel.open()) {
                for (int i = 0; i < 500; i++) {
                    ch.send(ByteBuffer.wrap(p), at);
                }
            }
            assertThat(eventually(() -> drops.total() > 0)).isTrue();
        }
    }

    @Test
    void procRowsParse() {
        KernelDrops.Entry e = KernelDrops.Entry.parse(
                "  512: 0100007F:23A5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 81234 2 "
                        + "0000000000000000 17");
        assertThat(e).isEqualTo(new KernelDrops.Entry("0100007F", 9125, 81234, 17));
        assertThat(KernelDrops.Entry.parse("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
                + "retrnsmt   uid  timeout inode ref pointer drops")).isNull();
    }

    private TcpListener tcp(BatchQueue q, int maxConnections, Duration idle, int maxLine) throws IOException {
        return keep(TcpListener.open(LOOPBACK, new TcpListener.Limits(maxConnections, idle.toMillis(), maxLine), q,
                metrics));
    }

    @Test
    void tcpLinesArriveAsRunsOfWholeLinesAndALastLineAtCloseCounts() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        TcpListener tcp = tcp(q, 10, Duration.ofMinutes(1), 1024);
        try (Socket s = new Socket(tcp.boundAddress().getAddress(), tcp.boundAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(bytes("a:1|c\r\nb:"));
            out.flush();
            out.write(bytes("2|g\nc:3|ms"));
            out.flush();
            s.shutdownOutput();
            assertThat(drain(q, 3)).containsExactly("a:1|c\r", "b:2|g", "c:3|ms");
        }
        assertThat(metrics.tcpConnections.value()).isEqualTo(1);
    }

    @Test
    void tcpLinesLongerThanTheFirstBufferArriveWholeUpToTheDefaultLimit() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        TcpListener tcp = tcp(q, 10, Duration.ofMinutes(1), 64 * 1024);
        String tagged = "tagged:1|c|#" + "k:v,".repeat(5_500) + "last:v";  // 22 KB, past the 16 KiB first buffer
        try (Socket s = new Socket(tcp.boundAddress().getAddress(), tcp.boundAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes(tagged + "\nafter:1|c\n" + "y".repeat(70_000) + ":1|c\nlost:1|c\n"));
                out.flush();
            } catch (IOException e) {
                // The server closed at the too-long line while we wrote: what is tested.
            }
            assertThat(readsEnd(s)).isTrue();
        }
        List<String> got = drain(q, 2);
        assertThat(got).as("the lines' lengths").extracting(String::length).containsExactly(tagged.length(), 9);
        assertThat(got.getFirst().equals(tagged)).as("the 22 KB line arrived whole").isTrue();
        assertThat(got.getLast()).isEqualTo("after:1|c");
        assertThat(metrics.tcpTooLongLines.value()).isEqualTo(1);
        assertThat(metrics.tcpConnectionErrors.value()).isZero();
    }

    @Test
    void aTcpLineLongerThanTheLimitIsCountedAndClosesTheConnection() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        TcpListener tcp = tcp(q, 10, Duration.ofMinutes(1), 100);
        try (Socket s = new Socket(tcp.boundAddress().getAddress(), tcp.boundAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(bytes("ok:1|c\n" + "x".repeat(101) + ":1|c\nlost:1|c\n"));
            out.flush();
            assertThat(readsEnd(s)).isTrue();
        }
        assertThat(metrics.tcpTooLongLines.value()).isEqualTo(1);
        assertThat(drain(q, 1)).containsExactly("ok:1|c");
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void aTcpLineThatNeverEndsIsBoundedByTheSameLimit() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        TcpListener tcp = tcp(q, 10, Duration.ofMinutes(1), 4096);
        try (Socket s = new Socket(tcp.boundAddress().getAddress(), tcp.boundAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(bytes("before:1|c\n"));
            byte[] chunk = new byte[1000];
            Arrays.fill(chunk, (byte) 'z');
            try {
                for (int i = 0; i < 100; i++) { // 100 kB without a newline: the server closes after 4 kB
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                // The server closed while we wrote: what is tested.
            }
            assertThat(readsEnd(s)).isTrue();
        }
        assertThat(drain(q, 1)).containsExactly("before:1|c");
        assertThat(metrics.tcpTooLongLines.value()).isEqualTo(1);
    }

    @Test
    void tcpConnectionsAreCappedAndClosedWhenIdle() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        // Idle time long enough that the two held connections outlive a slow machine's pauses.
        TcpListener tcp = tcp(q, 2, Duration.ofSeconds(3), 1024);
        InetSocketAddress at = tcp.boundAddress();
        try (Socket a = new Socket(at.getAddress(), at.getPort()); Socket b = new Socket(at.getAddress(), at.getPort())) {
            assertThat(eventually(() -> tcp.openConnections() == 2)).isTrue();
            try (Socket c = new Socket(at.getAddress(), at.getPort())) {
                assertThat(readsEnd(c)).isTrue();
            }
            assertThat(metrics.tcpRejected.value()).isEqualTo(1);
            // Both stay silent: each is closed after the idle timeout.
            assertThat(readsEnd(a)).isTrue();
            assertThat(readsEnd(b)).isTrue();
        }
        assertThat(eventually(() -> metrics.tcpIdleTimeouts.value() == 2)).isTrue();
        assertThat(eventually(() -> tcp.openConnections() == 0)).isTrue();
    }

    /** Whether the server closed {@code s}: a read sees the end of the stream (or a reset) within the wait. */
    private static boolean readsEnd(Socket s) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset: closed with unread data
        }
    }

    @Test
    void unixgramReceivesAppliesTheModeAndRemovesItsFile() throws Exception {
        BatchQueue q = new BatchQueue(1 << 20);
        Path sock = dir.resolve("statsd.sock");
        UnixgramListener u = UnixgramListener.open(sock, 0620, 0, q, metrics);
        try {
            assertThat(Files.getPosixFilePermissions(sock)).isEqualTo(PosixFilePermissions.fromString("rw--w----"));
            // The JDK has no unix datagram client: Python's socket module sends.
            ExternalTool.Result sent = ExternalTool.run(List.of(PythonClient.PYTHON, "-c", """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    s.sendto(b"u:1|c", sys.argv[1])
                    s.sendto(b"v:2|g\\nw:3|ms", sys.argv[1])
                    """, sock.toString()), WAIT);
            assertThat(sent.exitCode()).as(sent.output()).isZero();
            assertThat(drain(q, 2)).containsExactly("u:1|c", "v:2|g\nw:3|ms");
            assertThat(metrics.unixgramPackets.value()).isEqualTo(2);
        } finally {
            u.close();
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void anExistingUnixgramPathFailsTheStart() throws Exception {
        Path sock = Files.createFile(dir.resolve("taken.sock"));
        assertThatThrownBy(() -> UnixgramListener.open(sock, 0755, 0, new BatchQueue(1024), metrics))
                .isInstanceOf(IOException.class).hasMessageContaining("already exists");
        assertThat(sock).exists();
    }

    @Test
    void theQueueCountsBytesUntilDone() throws Exception {
        BatchQueue q = new BatchQueue(10);
        PacketBatch six = PacketBatch.lines(bytes("aaaaa\n"), 6);
        assertThat(q.offer(six)).isTrue();
        assertThat(q.offer(six)).isFalse();
        assertThat(q.bytes()).isEqualTo(6);
        PacketBatch taken = q.poll(10);
        assertThat(q.offer(six)).isFalse(); // taken but not yet parsed still counts
        q.done(taken);
        assertThat(q.offer(six)).isTrue();
        // A batch larger than the whole budget still passes, alone.
        BatchQueue small = new BatchQueue(4);
        assertThat(small.offer(six)).isTrue();
    }
}
