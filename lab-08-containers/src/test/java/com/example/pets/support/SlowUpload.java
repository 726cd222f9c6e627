package com.example.pets.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A {@code POST /pets} whose client sends the headers and half the body, then waits: a request the server is
 * handling, for as long as the test likes. {@link #finish} sends the rest and returns the status line.
 */
public final class SlowUpload implements AutoCloseable {

    private static final String BODY = "{\"name\":\"Slow\",\"kind\":\"cat\"}";

    private final Socket socket;

    private SlowUpload(Socket socket) {
        this.socket = socket;
    }

    public static SlowUpload start(String host, int port) throws IOException {
        var socket = new Socket(host, port);
        socket.setSoTimeout(60_000);
        var head = "POST /pets HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n";
        var out = socket.getOutputStream();
        out.write((head + BODY.substring(0, BODY.length() / 2)).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new SlowUpload(socket);
    }

    /**
     * A {@code POST /pets} that announces a large body and sends a byte of it every 200 ms: a request that never goes
     * quiet long enough for the server's idle timeout, and never ends by itself. Closing it stops the bytes.
     */
    public static SlowUpload trickle(String host, int port) throws IOException {
        var socket = new Socket(host, port);
        var out = socket.getOutputStream();
        out.write(("POST /pets HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        Thread.ofPlatform().daemon().name("trickle").start(() -> {
            try {
                while (true) {
                    Thread.sleep(200);
                    out.write(' ');
                }
            } catch (IOException | InterruptedException closed) {
                // The server cut it off, or the test closed it.
            }
        });
        return new SlowUpload(socket);
    }

    /** Sends the rest of the body and returns the response's status line, such as {@code HTTP/1.1 201 Created}. */
    public String finish() throws IOException {
        var out = socket.getOutputStream();
        out.write(BODY.substring(BODY.length() / 2).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return statusLine(socket.getInputStream());
    }

    private static String statusLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
