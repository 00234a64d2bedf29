package io.sluice.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * The broker's two listening sockets, bound before Kafka starts and handed to its socket server
 * when it asks. Binding first means a taken port fails here, with a message about the port,
 * instead of inside the controller's startup (which Kafka treats as fatal); and a port picked
 * by the operating system stays ours between choosing it and Kafka using it.
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {
    private static final int KAFKA_DEFAULT_BACKLOG = 50;

    private final Map<String, ServerSocketChannel> unclaimed = new HashMap<>();
    private final int clientPort;
    private final int controllerPort;

    private PreboundSockets(ServerSocketChannel client, ServerSocketChannel controller) {
        unclaimed.put(BrokerProperties.CLIENT_LISTENER, client);
        unclaimed.put(BrokerProperties.CONTROLLER_LISTENER, controller);
        this.clientPort = client.socket().getLocalPort();
        this.controllerPort = controller.socket().getLocalPort();
    }

    /**
     * Binds the client listener to {@code clientPort} (0 for any free port) and the controller
     * listener to a free port, both on {@code address}.
     *
     * @throws IOException if a port cannot be bound, typically because it is in use
     */
    static PreboundSockets bind(InetAddress address, int clientPort) throws IOException {
        ServerSocketChannel client = open(new InetSocketAddress(address, clientPort));
        try {
            return new PreboundSockets(client, open(new InetSocketAddress(address, 0)));
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    int clientPort() {
        return clientPort;
    }

    int controllerPort() {
        return controllerPort;
    }

    @Override
    public synchronized ServerSocketChannel openServerSocket(
            String listenerName, InetSocketAddress address, int listenBacklogSize, int recvBufferSize)
            throws IOException {
        ServerSocketChannel prebound = unclaimed.remove(listenerName);
        if (prebound == null) {
            return ServerSocketFactory.INSTANCE.openServerSocket(listenerName, address, listenBacklogSize, recvBufferSize);
        }
        if (recvBufferSize > 0) {
            prebound.socket().setReceiveBufferSize(recvBufferSize);
        }
        return prebound;
    }

    /** Closes the sockets Kafka never claimed; the claimed ones are its socket server's to close. */
    @Override
    public synchronized void close() {
        for (ServerSocketChannel channel : unclaimed.values()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing listens on it any more either way.
            }
        }
        unclaimed.clear();
    }

    private static ServerSocketChannel open(InetSocketAddress address) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            // Kafka's socket server expects a non-blocking channel, as its own factory makes them.
            channel.configureBlocking(false);
            channel.socket().bind(address, KAFKA_DEFAULT_BACKLOG);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
