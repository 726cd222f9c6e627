package com.example.course.traces;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** Sends datagrams over loopback UDP, as the X-Ray SDK does. */
final class SegmentSender implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress target;

    SegmentSender(InetSocketAddress target) {
        this.target = target;
        try {
            this.socket = new DatagramSocket();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(ObjectNode document) {
        send(SegmentDocuments.datagram(document));
    }

    void send(byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
