package com.example.pets.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An HTTP client that behaves like the clients people really use: every request says what a browser says ({@link
 * #HEADERS}), and a compressed answer is decoded before the test reads it, as browsers and {@code curl --compressed}
 * do. An answer in a coding no client would decode, or with a header field repeated ({@link RepeatedHeaders}), fails
 * the test instead.
 */
public final class RealClientHttp extends HttpClient {

    /** What Chromium sends with a page request. */
    public static final Map<String, String> HEADERS = Map.of(
            "Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
            "Accept-Encoding",
            "gzip, deflate, br",
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");

    private final HttpClient delegate =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(request, info -> decoding(info, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        return delegate.sendAsync(request, info -> decoding(info, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request, BodyHandler<T> handler, PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    private static <T> BodySubscriber<T> decoding(ResponseInfo info, BodyHandler<T> handler) {
        RepeatedHeaders.assertNone(RepeatedHeaders.in(info.headers().map()), info.statusCode());
        var coding = info.headers()
                .firstValue("Content-Encoding")
                .map(value -> value.strip().toLowerCase(Locale.ROOT))
                .orElse("identity");
        if (coding.equals("identity")) {
            return handler.apply(info);
        }
        return BodySubscribers.mapping(
                BodySubscribers.ofByteArray(), bytes -> deliver(handler.apply(info), decode(bytes, coding)));
    }

    /** Decodes what browsers decode; the codings API Gateway and Jetty can produce are gzip and deflate. */
    public static byte[] decode(byte[] bytes, String coding) {
        if (bytes.length == 0) {
            return bytes;
        }
        try (InputStream in =
                switch (coding) {
                    case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(bytes));
                    case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(bytes));
                    default ->
                        throw new AssertionError(
                                "The answer is in Content-Encoding '" + coding + "', which this client cannot decode.");
                }) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The answer claims Content-Encoding '" + coding + "' but is not", e);
        }
    }

    /** Feeds decoded bytes to the subscriber the caller asked for, so it reads them as if they had arrived so. */
    private static <T> T deliver(BodySubscriber<T> subscriber, byte[] bytes) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(bytes)));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
