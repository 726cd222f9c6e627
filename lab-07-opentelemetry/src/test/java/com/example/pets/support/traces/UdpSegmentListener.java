package com.example.pets.support.traces;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands where the X-Ray daemon would: receives the SDK's datagrams on a UDP port and hands each document on. Bind
 * port 0 to get a free port, then point the SDK at {@link #daemonAddress()}.
 */
public final class UdpSegmentListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpSegmentListener.class);

    // The largest UDP payload; the SDK never sends more in one datagram.
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;

    private UdpSegmentListener(DatagramSocket socket) {
        this.socket = socket;
    }

    /**
     * Binds the address and starts receiving on a daemon thread.
     *
     * @throws SocketException when the port is taken, for example by a running X-Ray daemon
     */
    public static UdpSegmentListener start(InetSocketAddress address, Consumer<JsonNode> documents)
            throws SocketException {
        var listener = new UdpSegmentListener(new DatagramSocket(address));
        // The SDK sends a request's datagrams in a burst when it ends: leave room so none are dropped.
        listener.socket.setReceiveBufferSize(1 << 20);
        var receiver = new Thread(() -> listener.receive(documents), "xray-udp-listener");
        receiver.setDaemon(true);
        receiver.start();
        return listener;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The value of {@code AWS_XRAY_DAEMON_ADDRESS} that sends segments here, such as {@code 127.0.0.1:2000}. */
    public String daemonAddress() {
        return address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    private void receive(Consumer<JsonNode> documents) {
        var buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            var packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                documents.accept(XRayDatagrams.parse(packet.getData(), packet.getOffset(), packet.getLength()));
            } catch (IllegalArgumentException e) {
                // Anything can be sent to a UDP port: skip it, and keep listening for the SDK.
                log.warn("Ignored a datagram from {}. {}", packet.getSocketAddress(), e.getMessage());
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    log.warn("Receiving a datagram failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
