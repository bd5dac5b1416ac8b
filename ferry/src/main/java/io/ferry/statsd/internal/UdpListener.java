package io.ferry.statsd.internal;

import io.ferry.log.Log;
import io.ferry.log.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * The StatsD UDP listener: {@code readers} sockets bound to one address with SO_REUSEPORT, so the
 * kernel spreads datagrams over them by sender, each read by a thread of its own that only reads:
 * it drains its socket into a {@link PacketBatch} and hands the batch to the parse workers through
 * the {@link BatchQueue}, dropping and counting it when the queue is full. Reading stays fast,
 * which keeps the kernel's buffer from overflowing in a burst.
 *
 * <pre>{@code
 * UdpListener udp = UdpListener.open(new InetSocketAddress(9125), 2, 0, queue, metrics);
 * udp.boundAddress();   // the port, when 0 was asked
 * udp.close();
 * }</pre>
 *
 * <p>JDK NIO rather than Netty's epoll transport with recvmmsg: on this kind of host NIO read more
 * datagrams per second for less CPU (docs/RATIONALE.md). A socket of another process on the same
 * port (which SO_REUSEPORT would let share the datagrams) makes {@link #open} fail, as a taken port.
 */
public final class UdpListener implements AutoCloseable {
    private static final Logger LOG = Log.logger();

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final BatchQueue queue;
    private final ListenerMetrics metrics;
    private InetSocketAddress bound;
    private KernelDrops kernelDrops;
    private volatile boolean closed;

    private UdpListener(BatchQueue queue, ListenerMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
    }

    /**
     * Binds {@code readers} sockets (one where SO_REUSEPORT is not available) and starts reading.
     *
     * @param readBuffer the receive buffer to ask for; 0 for the largest the kernel allows
     */
    public static UdpListener open(InetSocketAddress address, int readers, long readBuffer, BatchQueue queue,
                                   ListenerMetrics metrics) throws IOException {
        UdpListener l = new UdpListener(queue, metrics);
        try {
            l.bind(address, readers, ReceiveBuffer.wanted(readBuffer));
            l.kernelDrops = KernelDrops.forPort(l.bound.getPort());
            for (int i = 0; i < l.channels.size(); i++) {
                DatagramChannel ch = l.channels.get(i);
                Selector s = l.selectors.get(i);
                l.threads.add(Thread.ofPlatform().name("ferry-statsd-udp-" + i).daemon(true).start(() -> l.read(ch, s)));
            }
            return l;
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    private void bind(InetSocketAddress address, int readers, int buffer) throws IOException {
        InetSocketAddress at = address;
        for (int i = 0; i < readers; i++) {
            DatagramChannel ch = DatagramChannel.open();
            channels.add(ch);
            boolean reusePort = ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (reusePort) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (buffer > 0) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, buffer);
            }
            ch.bind(at);
            ch.configureBlocking(false);
            Selector s = Selector.open();
            selectors.add(s);
            ch.register(s, SelectionKey.OP_READ);
            if (i == 0) {
                // Port 0: every further reader binds the port the first one got.
                bound = (InetSocketAddress) ch.getLocalAddress();
                at = new InetSocketAddress(address.getAddress(), bound.getPort());
                if (buffer > 0) {
                    ReceiveBuffer.report("udp", buffer, ch.getOption(StandardSocketOptions.SO_RCVBUF));
                }
                if (!reusePort) {
                    LOG.info("SO_REUSEPORT is not available: one StatsD UDP reader");
                    break;
                }
            }
        }
        if (KernelDrops.otherProcessOn(bound.getPort())) {
            throw new IOException("UDP address " + address + " already in use by another process");
        }
    }

    /** One reader: waits for datagrams, drains the socket into batches, hands each on. */
    private void read(DatagramChannel ch, Selector selector) {
        ByteBuffer buf = ByteBuffer.allocateDirect(PacketBatch.Builder.CAPACITY);
        PacketBatch.Builder batch = new PacketBatch.Builder(PacketBatch.Framing.PACKETS);
        try {
            while (!closed) {
                selector.select();
                selector.selectedKeys().clear();
                while (true) {
                    buf.clear();
                    if (ch.receive(buf) == null) {
                        break;
                    }
                    buf.flip();
                    if (!batch.fits(buf.remaining())) {
                        handOn(batch);
                    }
                    batch.add(buf);
                }
                if (!batch.isEmpty()) {
                    handOn(batch);
                }
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            // Closed: stop reading.
        } catch (IOException e) {
            if (!closed) {
                LOG.error("StatsD UDP reader stopped", "err", e);
            }
        }
    }

    private void handOn(PacketBatch.Builder batch) {
        int n = batch.count();
        metrics.udpPackets.inc(n);  // once per batch: the counter is shared by every reader
        if (!queue.offer(batch.take())) {
            metrics.udpPacketDrops.inc(n);
        }
    }

    /** The address bound, with the port the system chose for port 0. */
    public InetSocketAddress boundAddress() {
        return bound;
    }

    /** The kernel's drops on these sockets. */
    public KernelDrops kernelDrops() {
        return kernelDrops;
    }

    /** How many sockets read. */
    public int readers() {
        return channels.size();
    }

    /** Stops reading and closes the sockets; returns once the reader threads ended. */
    @Override
    public void close() {
        closed = true;
        for (Selector s : selectors) {
            s.wakeup();
        }
        for (DatagramChannel ch : channels) {
            closeQuietly(ch);
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Selector s : selectors) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing anyway.
        }
    }
}
