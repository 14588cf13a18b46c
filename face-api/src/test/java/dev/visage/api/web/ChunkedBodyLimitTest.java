package dev.visage.api.web;

import dev.visage.api.testing.Authorized;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.api.testing.Photos;
import dev.visage.api.testing.WithoutInfrastructure;
import dev.visage.api.verify.VerificationResult;
import dev.visage.api.verify.VerificationService;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

/**
 * A chunked body declares no length, so the server only learns it is too large while reading it: it is still
 * refused with the envelope, logged once at INFO, and a chunked body within the limit is still read.
 */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class ChunkedBodyLimitTest {

    private static final long OVER_THE_LIMIT = 33L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI server;

    @InjectMock
    VerificationService verification;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void collectLogs() {
        Logger.getLogger("").addHandler(collector);
        when(verification.verify(anyString(), any(), any(), any(), any(), anyBoolean(), any())).thenReturn(Uni.createFrom().item(
                new VerificationResult(true, 0.7371, 0.37, "model", List.of(), Map.of("total", 12.5))));
    }

    @AfterEach
    void stopCollecting() {
        Logger.getLogger("").removeHandler(collector);
    }

    @Test
    void anOversizedChunkedUploadGetsTheEnvelope() throws IOException {
        String opening = "--part\r\nContent-Disposition: form-data; name=\"image1\"; filename=\"huge.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        Response response = sendChunked("api/v1/verify", "multipart/form-data; boundary=part", "chunked-upload",
                opening.getBytes(StandardCharsets.US_ASCII), (byte) 'A', OVER_THE_LIMIT);

        assertRefusedOnce(response, "chunked-upload");
    }

    @Test
    void anOversizedChunkedJsonBodyGetsTheEnvelope() throws IOException {
        // Whitespace rather than one long string, which the JSON parser would refuse on its own at 20 MB.
        Response response = sendChunked("api/v1/detect", "application/json", "chunked-json",
                "{\"image\":".getBytes(StandardCharsets.US_ASCII), (byte) ' ', OVER_THE_LIMIT);

        assertRefusedOnce(response, "chunked-json");
    }

    @Test
    void aChunkedJsonBodyWithinTheLimitIsStillRead() throws IOException {
        String photo = Base64.getEncoder().encodeToString(Photos.shared("img1.jpg"));
        byte[] body = JSON.writeValueAsBytes(Map.of("image1", photo, "image2", photo));

        Response response = sendChunked("api/v1/verify", "application/json", "chunked-small", body, (byte) ' ', 0);

        assertEquals(200, response.status(), response.toString());
        assertTrue(response.body().path("data").path("verified").asBoolean(), response.toString());
    }

    @Test
    void aChunkedUploadWithinTheLimitIsStillRead() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String name : List.of("image1", "image2")) {
            String partHead = "--part\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"; filename=\"img1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
            body.writeBytes(partHead.getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(Photos.shared("img1.jpg"));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("--part--\r\n".getBytes(StandardCharsets.US_ASCII));

        Response response = sendChunked("api/v1/verify", "multipart/form-data; boundary=part", "chunked-upload-small",
                body.toByteArray(), (byte) ' ', 0);

        assertEquals(200, response.status(), response.toString());
        assertTrue(response.body().path("data").path("verified").asBoolean(), response.toString());
    }

    private void assertRefusedOnce(Response response, String requestId) {
        assertEquals(413, response.status(), response.toString());
        assertEquals(requestId, response.headers().get("x-request-id"), response.toString());
        assertEquals("close", response.headers().get("connection"), response.toString());
        assertFalse(response.body().path("success").asBoolean(true), response.toString());
        assertEquals("validation_error", response.body().path("error_type").asText(), response.toString());
        assertEquals("The request body is too large", response.body().path("error").asText(), response.toString());
        assertEquals(requestId, response.body().path("request_id").asText(), response.toString());
        assertEquals(FaceApiRefusalAdvice.SMALLER_PHOTOS, response.body().path("suggestion").asText());
        assertEquals(1, logged.stream().filter(r -> r.getLevel().intValue() == Level.INFO.intValue()
                && r.getLoggerName().equals(BodyLimitGuard.class.getName())).count(), this::describeLog);
        assertTrue(logged.stream().noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()),
                this::describeLog);
    }

    private String describeLog() {
        return logged.stream().map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList()
                .toString();
    }

    /**
     * Sends {@code opening}, then {@code filler} bytes of {@code fill}, as a chunked body the way a streaming client
     * does, and reads the answer. The server may answer and close while the body is still being written; what it
     * answered is read all the same.
     */
    private Response sendChunked(String path, String contentType, String requestId, byte[] opening, byte fill,
                                 long filler) throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + server.getPath() + path + " HTTP/1.1\r\n"
                    + "Host: " + server.getHost() + ":" + server.getPort() + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + Authorized.HEADER_LINE
                    + "X-Request-Id: " + requestId + "\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                writeChunk(out, opening);
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, fill);
                for (long sent = 0; sent < filler; sent += chunk.length) {
                    writeChunk(out, chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByTheServer) {
                // The refusal is already on its way; it is read below.
            }
            return Response.read(socket.getInputStream());
        }
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private record Response(int status, Map<String, String> headers, JsonNode body) {

        static Response read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("The connection ended inside the response head: " + head);
                }
                head.write(b);
            }
            List<String> lines = head.toString(StandardCharsets.US_ASCII).strip().lines().toList();
            int status = Integer.parseInt(lines.get(0).split(" ")[1]);
            Map<String, String> headers = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Response(status, headers, length == 0 ? JSON.missingNode() : JSON.readTree(body));
        }
    }
}
