package dev.visage.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.visage.api.testing.WithoutInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an HTTP/2 client is told when it connects: it may send a whole photo before waiting for a grant. */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class Http2UploadWindowsTest {

    @TestHTTPResource("/")
    URI server;

    @Inject
    Vertx vertx;

    @Test
    void anHttp2ClientMaySendFourMegabytesPerStreamBeforeWaiting() throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            Http2Settings granted = client.request(HttpMethod.GET, server.getPort(), server.getHost(), "/q/health/live")
                    .compose(request -> request.send().map(response -> {
                        HttpClientRequest sent = response.request();
                        assertEquals(HttpVersion.HTTP_2, response.version());
                        return sent.connection().remoteSettings();
                    }))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals(Http2UploadWindows.STREAM_WINDOW_BYTES, granted.getInitialWindowSize());
        } finally {
            client.close();
        }
    }
}
