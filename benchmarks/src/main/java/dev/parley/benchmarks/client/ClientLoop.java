package dev.parley.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop group every generated client shares (epoll when available), and the bootstrap options of
 * client channels.
 *
 * <p>Client sockets close with {@code SO_LINGER 0} (a reset), so that tearing down thousands of connections between
 * runs leaves no {@code TIME_WAIT} entries holding ephemeral ports.
 */
public final class ClientLoop implements AutoCloseable {
  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelClass;
  private final boolean epoll;

  public ClientLoop(int threads) {
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(Math.max(1, threads), factory);
    this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public boolean isEpoll() {
    return epoll;
  }

  public EventLoopGroup group() {
    return group;
  }

  /** A new bootstrap on the shared group; the caller sets the handler. */
  public Bootstrap bootstrap() {
    return new Bootstrap()
        .group(group)
        .channel(channelClass)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_LINGER, 0)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}
