package io.ferry.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpConfig;
import io.vertx.core.transport.Transport;

import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's native epoll transport (NIO where epoll cannot load), but for its listening sockets,
 * which show every accepted connection to a {@link Gate} before Vert.x sees it: the one place where
 * a connection that never sends a byte (or never finishes a TLS handshake) can be counted and
 * refused, since Vert.x's HTTP server makes a connection of it only once its first bytes tell
 * HTTP/1.1 from HTTP/2. Epoll spends less of the event loops' time per request than NIO's selector
 * (docs/RATIONALE.md, "A leaner push route").
 *
 * <pre>{@code
 * Vertx vertx = Vertx.builder().withTransport(new AdmittingTransport(guard::admit)).build();
 * }</pre>
 */
final class AdmittingTransport implements Transport {
    /**
     * Decides on each accepted connection, on the acceptor's thread, before it is registered with an
     * event loop. Must not block.
     */
    @FunctionalInterface
    interface Gate {
        /**
         * Whether {@code connection} is served; a refused one is closed by the caller.
         *
         * @param acceptor runs timers for admitted connections (the acceptor's event loop)
         */
        boolean admit(Channel connection, EventExecutor acceptor);
    }

    private final Gate gate;
    /** The transport delegated to: epoll when its native library loads here, NIO otherwise. */
    private final Transport base = Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
    private final io.vertx.core.spi.transport.Transport delegate = base.implementation();

    AdmittingTransport(Gate gate) {
        this.gate = gate;
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public io.vertx.core.spi.transport.Transport implementation() {
        return new Implementation();
    }

    /** Passes each accepted connection on only if the gate admits it. */
    @ChannelHandler.Sharable
    private final class Admit extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel connection = (Channel) msg;
            if (gate.admit(connection, ctx.executor())) {
                ctx.fireChannelRead(connection);
            } else {
                connection.unsafe().closeForcibly(); // not yet registered: nothing else holds it
            }
        }
    }

    /** The base transport's implementation, delegated to, with listening sockets that admit through the gate. */
    private final class Implementation implements io.vertx.core.spi.transport.Transport {
        private final Admit admit = new Admit();

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            if (domainSocket) {
                return delegate.serverChannelFactory(true);
            }
            ChannelFactory<? extends ServerChannel> sockets = delegate.serverChannelFactory(false);
            return () -> {
                ServerChannel channel = sockets.newChannel();
                // First, ahead of the acceptor that ServerBootstrap adds last.
                channel.pipeline().addFirst("ferry-admit", admit);
                return channel;
            };
        }

        @Override
        public boolean supportsDomainSockets() {
            return delegate.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return delegate.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return delegate.unavailabilityCause();
        }

        @Override
        public java.net.SocketAddress convert(SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public SocketAddress convert(java.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return delegate.ioHandlerFactory();
        }

        @Override
        public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
            return delegate.eventLoopGroup(type, threads, factory, ioRatio);
        }

        @Override
        public DatagramChannel datagramChannel(InternetProtocolFamily family) {
            return delegate.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
            return delegate.datagramChannelFactory();
        }

        @Override
        public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
            return delegate.channelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            delegate.configure(channel, options);
        }

        @Override
        public void configure(TcpConfig config, boolean domainSocket, Bootstrap bootstrap) {
            delegate.configure(config, domainSocket, bootstrap);
        }

        @Override
        public void configure(TcpConfig config, boolean domainSocket, ServerBootstrap bootstrap) {
            delegate.configure(config, domainSocket, bootstrap);
        }
    }
}
