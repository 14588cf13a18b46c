package dev.visage.status.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * face-api's readiness endpoint as status-service reads it, for tests: {@code GET /q/health/ready} answering
 * the SmallRye Health document face-api answers, with its {@code gallery-index} check. Running the real face-api
 * here would need the embedding worker and the models; what status-service depends on is only this document,
 * whose shape is face-api's ({@code IndexStatus}: kind plus the index's facts as check data).
 */
public final class FaceApiStub implements AutoCloseable {

    public enum Mode { EMBEDDED_UP, MILVUS_UP, MILVUS_DOWN, NO_INDEX_CHECK, HANGS }

    private HttpServer server;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Mode mode = Mode.EMBEDDED_UP;
    /** The members face-api sees in the worker group, reported as its embedding-workers check; null: no check. */
    private volatile Integer workersSeen;

    public FaceApiStub() {
        server = bind(0);
        port = server.getAddress().getPort();
    }

    /** face-api stops: nothing listens on its port any more (connections are refused). */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** face-api is back on the same port. */
    public synchronized void start() {
        if (server == null) {
            server = bind(port);
        }
    }

    private HttpServer bind(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "face-api-stub");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/q/health/ready", exchange -> {
            requests.incrementAndGet();
            Mode m = mode;
            if (m == Mode.HANGS) {
                sleep(10_000);
            }
            String gallery = switch (m) {
                case EMBEDDED_UP, HANGS -> "{\"name\":\"gallery-index\",\"status\":\"UP\",\"data\":{\"kind\":\"embedded\","
                        + "\"data_dir\":\"/srv/visage/gallery-index\",\"dimension\":512,\"vector_count\":42,\"segments\":1}}";
                case MILVUS_UP -> "{\"name\":\"gallery-index\",\"status\":\"UP\",\"data\":{\"kind\":\"milvus\","
                        + "\"uri\":\"http://milvus:19530\",\"collection\":\"visage_faces\",\"loaded\":true,\"rowCount\":1234}}";
                case MILVUS_DOWN -> "{\"name\":\"gallery-index\",\"status\":\"DOWN\",\"data\":{\"kind\":\"milvus\","
                        + "\"uri\":\"http://milvus:19530\",\"collection\":\"visage_faces\","
                        + "\"error\":\"UNAVAILABLE: io exception\"}}";
                case NO_INDEX_CHECK -> null;
            };
            Integer seen = workersSeen;
            String workers = seen == null ? null : "{\"name\":\"embedding-workers\",\"status\":\""
                    + (seen > 0 ? "UP" : "DOWN") + "\",\"data\":{\"active_workers\":" + seen
                    + ",\"workers_beating\":\"" + seen + "\""
                    + ",\"consumer_group\":\"visage-embedding-workers\",\"photos_in_flight\":3,\"max_in_flight\":64}}";
            boolean up = m != Mode.MILVUS_DOWN && (seen == null || seen > 0);
            String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":["
                    + "{\"name\":\"Kafka connection health check\",\"status\":\"UP\"},"
                    + "{\"name\":\"embedding-replies\",\"status\":\"UP\",\"data\":{\"pending_requests\":0}}"
                    + (gallery == null ? "" : "," + gallery) + (workers == null ? "" : "," + workers) + "]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(up ? 200 : 503, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException e) {
                // The caller gave up (a hanging answer outlived its timeout).
            }
        });
        server.start();
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** face-api sees this many workers in the group (its embedding-workers check); null leaves the check out. */
    public void workersSeen(Integer members) {
        this.workersSeen = members;
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
