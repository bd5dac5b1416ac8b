package io.ferry.statsd.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The StatsD unix datagram listener ({@code --statsd.listen-unixgram}), on Netty's epoll transport
 * since the JDK has no unix datagram sockets. One event-loop thread reads; each read burst becomes
 * a {@link PacketBatch} for the parse workers, dropped and counted when their queue is full.
 *
 * <pre>{@code
 * UnixgramListener u = UnixgramListener.open(Path.of("/run/statsd.sock"), 0755, 0, queue, metrics);
 * u.close();   // removes the socket file
 * }</pre>
 *
 * <p>As statsd_exporter: the path must not exist at start (a stale socket is the operator's to
 * remove), datagrams are read into a 65,535-byte buffer (a longer one is cut), and {@code mode}
 * is applied to the socket file. A sender on a unix datagram socket waits, or is told, when the
 * buffer is full, so there are no silent kernel drops to count here.
 */
public final class UnixgramListener implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65535;
    /** setsockopt(SOL_SOCKET, SO_RCVBUF), Linux's numbers. */
    private static final IntegerUnixChannelOption SO_RCVBUF = new IntegerUnixChannelOption("SO_RCVBUF", 1, 8);

    private final Path path;
    private final EventLoopGroup group;
    private final Channel channel;

    private UnixgramListener(Path path, EventLoopGroup group, Channel channel) {
        this.path = path;
        this.group = group;
        this.channel = channel;
    }

    public static UnixgramListener open(Path path, int mode, long readBuffer, BatchQueue queue, ListenerMetrics metrics)
            throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("unix datagram sockets need Netty's epoll transport, which is not available here: "
                    + Epoll.unavailabilityCause());
        }
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("unixgram socket " + path + " already exists; remove it if no process uses it");
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ferry-statsd-unixgram", true),
                EpollIoHandler.newFactory());
        int buffer = ReceiveBuffer.wanted(readBuffer);
        try {
            Bootstrap b = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                    .handler(new Reader(queue, metrics));
            EpollDomainDatagramChannel ch = (EpollDomainDatagramChannel) b.bind(new DomainSocketAddress(path.toFile()))
                    .sync().channel();
            UnixgramListener l = new UnixgramListener(path, group, ch);
            try {
                Files.setPosixFilePermissions(path, permissions(mode));
                if (buffer > 0) {
                    // The domain datagram channel's config has no SO_RCVBUF of its own: set it raw.
                    ch.config().setOption(SO_RCVBUF, buffer);
                    ReceiveBuffer.report("unixgram", buffer, ch.config().getOption(SO_RCVBUF));
                }
            } catch (IOException | RuntimeException e) {
                l.close();
                throw e;
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("interrupted while binding " + path, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot bind unixgram socket " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code mode}'s low nine bits as permissions ({@code 0755}: rwxr-xr-x). */
    static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] order = {
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /** Stops reading, closes the socket and removes its file. */
    @Override
    public void close() {
        try {
            channel.close().await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind; the next start names it.
        }
    }

    /** Collects the datagrams of one read burst into a batch. Runs on the one event-loop thread. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final BatchQueue queue;
        private final ListenerMetrics metrics;
        private final PacketBatch.Builder batch = new PacketBatch.Builder(PacketBatch.Framing.PACKETS);

        Reader(BatchQueue queue, ListenerMetrics metrics) {
            this.queue = queue;
            this.metrics = metrics;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DomainDatagramPacket packet = (DomainDatagramPacket) msg;
            try {
                ByteBuf content = packet.content();
                metrics.unixgramPackets.inc();
                if (!batch.fits(content.readableBytes())) {
                    handOn();
                }
                batch.add(content.nioBuffer());
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!batch.isEmpty()) {
                handOn();
            }
        }

        private void handOn() {
            int n = batch.count();
            if (!queue.offer(batch.take())) {
                metrics.unixgramPacketDrops.inc(n);
            }
        }
    }
}
