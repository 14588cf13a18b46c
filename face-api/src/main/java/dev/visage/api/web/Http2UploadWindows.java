package dev.visage.api.web;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * HTTP/2 flow-control windows sized for photo uploads. With the protocol's default 64 KB per stream, an HTTP/2
 * client (Java's HttpClient and most mobile stacks choose it when offered) may send only 64 KB before waiting for
 * the server to grant more, so a 2 MB photo arrived in dozens of small grants, each a wake-up of the event loop
 * and of the thread reading the form: face-api spent 30 ms of CPU per phone photo and a load of verifies reached
 * 0.56 of the engine's throughput, against 12.5 ms and 0.80 over HTTP/1.1. With a window of one photo per stream
 * and a few per connection HTTP/2 costs 16 ms per photo (docs/benchmarks.md); the body limit still bounds what a
 * request may send.
 */
@ApplicationScoped
public class Http2UploadWindows implements HttpServerOptionsCustomizer {

    /** Per stream: a large phone photo and its form fields in one grant. */
    static final int STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
    /** Per connection: a verify's two photos, or several requests multiplexed. */
    static final int CONNECTION_WINDOW_BYTES = 16 * 1024 * 1024;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        widen(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        widen(options);
    }

    private static void widen(HttpServerOptions options) {
        Http2Settings settings = options.getInitialSettings() == null ? new Http2Settings()
                : options.getInitialSettings();
        options.setInitialSettings(settings.setInitialWindowSize(STREAM_WINDOW_BYTES));
        options.setHttp2ConnectionWindowSize(CONNECTION_WINDOW_BYTES);
    }
}
