package dev.visage.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.visage.common.error.VisageException;
import org.jboss.resteasy.reactive.server.core.multipart.MultiPartParserDefinition;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Recognises failures to read a request body that are the client's doing (JSON of the wrong shape, a multipart
 * body that is malformed, cut short or over a limit) and words them as typed 4xx errors naming what is wrong, so
 * that they never reach the client as a 500 or a bare status and never count as server faults.
 */
final class RequestBodyFailures {

    /** Where the framework reads form and multipart bodies: an I/O failure there is the body's, not the server's. */
    private static final String[] BODY_READERS = {
            "org.jboss.resteasy.reactive.server.core.multipart.",
            "org.jboss.resteasy.reactive.server.handlers.FormBodyHandler"};

    private static final String MULTIPART_SUGGESTION = "Send multipart/form-data whose parts are separated by the "
            + "boundary named in Content-Type and closed by the final boundary; HTTP clients do this for you.";

    private RequestBodyFailures() {
    }

    /** The typed client error this failure stands for, if it is the request body's fault. */
    static Optional<VisageException> asClientError(Throwable failure, String apiHint) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof StreamConstraintsException tooBig) {
                return Optional.of(VisageException.tooLarge(null, "A value in the JSON body is too large",
                        tooBig.getOriginalMessage(), "Send photos of at most 10 MiB each."));
            }
        }
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            Optional<VisageException> typed = classify(e, apiHint);
            if (typed.isPresent()) {
                return typed;
            }
        }
        return Optional.empty();
    }

    private static Optional<VisageException> classify(Throwable e, String apiHint) {
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String message = field.isEmpty()
                    ? "The request body does not have the documented shape"
                    : "The field " + field + " has the wrong type";
            return Optional.of(VisageException.validation(message, mismatch.getOriginalMessage(),
                    "Send a JSON object with the documented fields and types. " + apiHint));
        }
        if (e instanceof JsonProcessingException json) {
            return Optional.of(VisageException.validation("The request body is not valid JSON",
                    json.getOriginalMessage(), "Send a JSON object with the documented fields. " + apiHint));
        }
        if (e instanceof MultiPartParserDefinition.FileTooLargeException) {
            return Optional.of(VisageException.tooLarge(null, "A part of the multipart body is too large",
                    e.getMessage(), "Send photos of at most 10 MiB each."));
        }
        if (e instanceof MultipartParser.MalformedMessageException) {
            return Optional.of(VisageException.validation("The multipart body is malformed",
                    "a part's headers could not be read", MULTIPART_SUGGESTION));
        }
        if (e instanceof IOException && readingBody(e)) {
            return Optional.of(VisageException.validation(
                    "The multipart body is incomplete, or its boundary is not the one Content-Type names",
                    "no closing boundary was found (" + e.getMessage() + ")", MULTIPART_SUGGESTION));
        }
        if (e instanceof RuntimeException && readingBody(e)) {
            // The form reader's own limits (the number of parts): the body is too large in parts, not in bytes.
            return Optional.of(VisageException.tooLarge(null, "The multipart body has too many parts",
                    e.getMessage(), "Send only the documented fields: a verification needs two photos."));
        }
        return Optional.empty();
    }

    private static boolean readingBody(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            for (String reader : BODY_READERS) {
                if (frame.getClassName().startsWith(reader)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JSON path of the field that failed, e.g. {@code threshold} or {@code metadata.tags[2]}. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
