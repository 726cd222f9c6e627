package com.example.pets.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/1.1 client that sends a request exactly as written, byte for byte, on a fresh connection. HTTP clients
 * refuse to send, or quietly repair, what these tests need: control characters in headers, broken UTF-8, unknown
 * methods, paths that are not valid URIs. The server is asked to close the connection after answering, so a
 * response ends where the stream ends.
 */
public final class RawHttp {

    /** Far longer than any answer takes even on a busy machine: it only turns a hang into a failure. */
    private static final int HANG_MILLIS = 60_000;

    private static final int CHUNK_SIZE = 8192;

    /** Fits the socket buffers on any machine: written in one go, before the answer is read. */
    private static final int SMALL_REQUEST = 32 * 1024;

    private RawHttp() {}

    public static Request request(String method, String target) {
        return request(utf8(method), utf8(target));
    }

    public static Request request(byte[] method, byte[] target) {
        return new Request(method, target, null);
    }

    /** A request that is sent exactly as given, request line and all, for what {@link Request} cannot express. */
    public static Request verbatim(byte[] wholeRequest) {
        return new Request(null, null, wholeRequest);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Joins byte fragments: text as UTF-8, byte arrays as they are. */
    public static byte[] bytes(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (var part : parts) {
            out.writeBytes(part instanceof byte[] raw ? raw : utf8(part.toString()));
        }
        return out.toByteArray();
    }

    /** A request line, headers and a body. {@code Host} and {@code Connection: close} are added unless given. */
    public static final class Request {

        private final byte[] method;
        private final byte[] target;
        private final byte[] verbatim;
        private final List<byte[][]> headers = new ArrayList<>();
        private byte[] body;
        private Framing framing = Framing.CONTENT_LENGTH;

        private Request(byte[] method, byte[] target, byte[] verbatim) {
            this.method = method;
            this.target = target;
            this.verbatim = verbatim;
        }

        public Request header(String name, String value) {
            return header(name, utf8(value));
        }

        public Request header(String name, byte[] value) {
            headers.add(new byte[][] {utf8(name), value});
            return this;
        }

        /** The body, sent with its Content-Length. */
        public Request body(String text) {
            return body(utf8(text));
        }

        public Request body(byte[] bytes) {
            return body(bytes, Framing.CONTENT_LENGTH);
        }

        /**
         * The body, framed as asked: with its Content-Length, in 8 KiB chunks with {@code
         * Transfer-Encoding: chunked} (no length up front), or as it is, for headers that describe it themselves.
         */
        public Request body(byte[] bytes, Framing framing) {
            this.body = bytes;
            this.framing = framing;
            return this;
        }

        public boolean isHead() {
            return method != null && Arrays.equals(method, utf8("HEAD"));
        }

        public byte[] toBytes() {
            if (verbatim != null) {
                return verbatim;
            }
            var out = new ByteArrayOutputStream();
            out.writeBytes(bytes(method, " ", target, " HTTP/1.1\r\n"));
            if (!hasHeader("Host")) {
                out.writeBytes(utf8("Host: localhost\r\n"));
            }
            out.writeBytes(utf8("Connection: close\r\n"));
            for (var header : headers) {
                out.writeBytes(bytes(header[0], ": ", header[1], "\r\n"));
            }
            if (body == null) {
                out.writeBytes(utf8("\r\n"));
                return out.toByteArray();
            }
            switch (framing) {
                case CONTENT_LENGTH -> {
                    out.writeBytes(utf8("Content-Length: " + body.length + "\r\n\r\n"));
                    out.writeBytes(body);
                }
                case CHUNKED -> {
                    out.writeBytes(utf8("Transfer-Encoding: chunked\r\n\r\n"));
                    for (int from = 0; from < body.length; from += CHUNK_SIZE) {
                        int length = Math.min(CHUNK_SIZE, body.length - from);
                        out.writeBytes(utf8(Integer.toHexString(length) + "\r\n"));
                        out.write(body, from, length);
                        out.writeBytes(utf8("\r\n"));
                    }
                    out.writeBytes(utf8("0\r\n\r\n"));
                }
                case NONE -> {
                    out.writeBytes(utf8("\r\n"));
                    out.writeBytes(body);
                }
            }
            return out.toByteArray();
        }

        public Response send(int port) {
            return RawHttp.send(port, toBytes(), isHead());
        }

        /**
         * Sends the request, then closes the sending half of the connection, as a client that gives up halfway
         * through a body does; the answer can still be read.
         */
        public Response sendThenStopSending(int port) {
            return RawHttp.send(port, toBytes(), isHead(), true);
        }

        /** Sends the request under a path prefix, such as an API Gateway stage: {@code /pets} goes to {@code /prod/pets}. */
        public Response send(int port, String prefix) {
            if (verbatim != null || prefix.isEmpty() || target.length == 0 || target[0] != '/') {
                return send(port);
            }
            return new Request(method, bytes(prefix, target), null)
                    .copyFrom(this)
                    .send(port);
        }

        private Request copyFrom(Request other) {
            headers.addAll(other.headers);
            body = other.body;
            framing = other.framing;
            return this;
        }

        private boolean hasHeader(String name) {
            return headers.stream()
                    .anyMatch(header -> new String(header[0], StandardCharsets.UTF_8).equalsIgnoreCase(name));
        }
    }

    /** How the end of a request body is told. */
    public enum Framing {
        CONTENT_LENGTH,
        CHUNKED,
        NONE
    }

    /** The server closed the connection without sending a byte of an answer. */
    public static final class NoAnswer extends IllegalStateException {

        private NoAnswer() {
            super("The server closed the connection without answering");
        }
    }

    /** A response as it came off the wire; a chunked body is already put back together. */
    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.stream()
                    .filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code request} and reads the answer. A request too big for the socket buffers is written while the
     * answer is read, so a server that answers early (a 413 for a body it will not read) and closes is heard rather
     * than reported as a broken pipe.
     */
    public static Response send(int port, byte[] request, boolean head) {
        return send(port, request, head, false);
    }

    private static Response send(int port, byte[] request, boolean head, boolean stopSending) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(HANG_MILLIS);
            if (request.length <= SMALL_REQUEST) {
                write(socket, request, stopSending);
                return parse(readAll(socket), head);
            }
            try (var writer = Executors.newSingleThreadExecutor()) {
                var writing = writer.submit(() -> write(socket, request, stopSending));
                var received = readAll(socket);
                writing.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
                return parse(received, head);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Sending the request failed", e);
        }
    }

    private static Void write(Socket socket, byte[] request, boolean stopSending) {
        try {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            if (stopSending) {
                socket.shutdownOutput();
            }
        } catch (IOException closedEarly) {
            // The server answered and closed before reading everything: its answer is what counts.
        }
        return null;
    }

    private static byte[] readAll(Socket socket) throws IOException {
        var received = new ByteArrayOutputStream();
        var buffer = new byte[8192];
        var in = socket.getInputStream();
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                received.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // A reset after a complete response (the server closed with our request unread) loses nothing.
            if (received.size() == 0) {
                throw reset;
            }
        }
        return received.toByteArray();
    }

    private static Response parse(byte[] raw, boolean head) {
        if (raw.length == 0) {
            throw new NoAnswer();
        }
        var text = new String(raw, StandardCharsets.ISO_8859_1);
        var endOfHead = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || endOfHead < 0) {
            throw new IllegalStateException("Not an HTTP/1.1 response: " + abbreviate(text));
        }
        var lines = text.substring(0, endOfHead).split("\r\n");
        var status = Integer.parseInt(lines[0].substring(9, 12));
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (int i = 1; i < lines.length; i++) {
            var colon = lines[i].indexOf(':');
            headers.add(Map.entry(
                    lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
        }
        RepeatedHeaders.assertNone(RepeatedHeaders.inLines(headers), status);
        var response = new Response(status, headers, new byte[0]);
        var body = Arrays.copyOfRange(raw, endOfHead + 4, raw.length);
        if (head || status == 204 || status == 304) {
            return response;
        }
        var encoding = response.header("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = dechunk(body);
        } else if (response.header("Content-Length") != null) {
            var length = Integer.parseInt(response.header("Content-Length"));
            if (body.length < length) {
                throw new IllegalStateException(
                        "The response ended after " + body.length + " of " + length + " bytes: " + abbreviate(text));
            }
            body = Arrays.copyOf(body, length);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int endOfSize = indexOf(chunked, at);
            var sizeLine = new String(chunked, at, endOfSize - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            at = endOfSize + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("A chunked response body was cut short");
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
