package dev.parley.benchmarks.peer;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketConfig;
import com.corundumstudio.socketio.SocketIOServer;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * netty-socketio peer of the Parley benchmark suite. The contract on namespace "/": {@code join(room)} joins and
 * acks, {@code bench(data)} is broadcast unchanged to room {@code bench}, {@code echo(data)} acks with data.
 *
 * <p>Usage: {@code java -cp 'target/peer-netty-socketio.jar:target/lib/*' dev.parley.benchmarks.peer.NettySocketIoServer
 * --port N [--host 127.0.0.1]}
 */
public final class NettySocketIoServer {
  private NettySocketIoServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 3000;
    String host = "127.0.0.1";
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--host")) {
        host = args[i + 1];
      }
    }
    Configuration config = new Configuration();
    config.setHostname(host);
    config.setPort(port);
    config.setWorkerThreads(Runtime.getRuntime().availableProcessors());
    config.setUseLinuxNativeEpoll(true);
    SocketConfig socket = new SocketConfig();
    socket.setReuseAddress(true);
    socket.setTcpNoDelay(true);
    socket.setAcceptBackLog(4096);
    config.setSocketConfig(socket);

    SocketIOServer server = new SocketIOServer(config);
    server.addEventListener("join", String.class, (client, room, ack) -> {
      client.joinRoom(room);
      if (ack.isAckRequested()) {
        ack.sendAckData();
      }
    });
    server.addEventListener("bench", Map.class,
        (client, data, ack) -> server.getRoomOperations("bench").sendEvent("bench", data));
    server.addEventListener("echo", Map.class, (client, data, ack) -> {
      if (ack.isAckRequested()) {
        ack.sendAckData(data);
      }
    });
    server.start();
    System.out.println("netty-socketio listening on " + host + ":" + port);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stop.countDown();
    }));
    stop.await();
  }
}
