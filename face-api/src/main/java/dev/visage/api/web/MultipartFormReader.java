package dev.visage.api.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;

/**
 * Reads a multipart/form-data body into a {@link MultipartForm}: the resources that take uploads declare one as
 * their body and run {@code @Blocking}, so the body is read here, on a worker thread, in one piece. The size of
 * the body is already bounded by {@code quarkus.http.limits.max-body-size} (and {@link BodyLimitGuard}); the
 * number of parts by {@code quarkus.http.limits.max-form-fields}, the same limit as for other forms.
 */
@Provider
@Consumes(MediaType.MULTIPART_FORM_DATA)
public class MultipartFormReader implements MessageBodyReader<MultipartForm> {

    private final int maxParts;

    public MultipartFormReader(@ConfigProperty(name = "quarkus.http.limits.max-form-fields") int maxParts) {
        this.maxParts = maxParts;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == MultipartForm.class;
    }

    @Override
    public MultipartForm readFrom(Class<MultipartForm> type, Type genericType, Annotation[] annotations,
                                  MediaType mediaType, MultivaluedMap<String, String> headers,
                                  InputStream body) throws IOException {
        return MultipartForm.parse(mediaType.getParameters().get("boundary"), bytes(headers, body), maxParts);
    }

    /**
     * The whole body; with a Content-Length, into one array of that size, so a photo of megabytes is not gathered
     * in pieces and copied again. A declared length over the limit never gets here: {@link BodyLimitGuard}
     * refuses it first.
     */
    private static byte[] bytes(MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        String declared = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return body.readAllBytes();
        }
        byte[] bytes = new byte[Integer.parseInt(declared.strip())];
        int read = body.readNBytes(bytes, 0, bytes.length);
        return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
    }
}
