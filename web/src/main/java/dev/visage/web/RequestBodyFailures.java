package dev.visage.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.visage.common.error.VisageException;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Recognises failures to read a JSON request body that are the client's doing (not JSON, the wrong shape, a value
 * over Jackson's limits) and words them as typed 4xx errors naming what is wrong, so that they never reach the
 * client as a 500 or a bare status and never count as server faults. Multipart bodies are read by face-api's own
 * parser, which throws typed errors itself.
 */
final class RequestBodyFailures {

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
        return Optional.empty();
    }

    /** The JSON path of the field that failed, e.g. {@code threshold} or {@code metadata.tags[2]}. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
