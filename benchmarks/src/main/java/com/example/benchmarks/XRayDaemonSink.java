package com.example.benchmarks;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;

/**
 * Stands where the X-Ray daemon listens on Lambda: receives and drops the segments lab-04 on sends, so sending them
 * costs the labs what it costs on Lambda (a UDP datagram to localhost) and nothing piles up.
 */
final class XRayDaemonSink implements AutoCloseable {

    private final DatagramSocket socket;

    XRayDaemonSink() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("x-ray-daemon-sink").start(this::drain);
    }

    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void drain() {
        var packet = new DatagramPacket(new byte[65_536], 65_536);
        while (!socket.isClosed()) {
            try {
                socket.receive(packet);
            } catch (Exception closed) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
