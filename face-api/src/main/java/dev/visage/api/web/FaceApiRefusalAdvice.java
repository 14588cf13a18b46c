package dev.visage.api.web;

import dev.visage.web.RefusalAdvice;
import jakarta.enterprise.context.ApplicationScoped;

/** Where face-api's API is described, for clients whose request the HTTP layer refused. */
@ApplicationScoped
public class FaceApiRefusalAdvice implements RefusalAdvice {

    static final String SMALLER_PHOTOS = "Send smaller photos: at most 10 MiB each.";

    @Override
    public String suggestionFor(int status) {
        return switch (status) {
            case 404 -> "Check the path; the API is described at /q/openapi.";
            case 405 -> "Check the HTTP method; the API is described at /q/openapi.";
            case 406 -> "Accept application/json.";
            case 413 -> SMALLER_PHOTOS;
            case 415 -> "Send multipart/form-data or application/json as documented at /q/openapi.";
            default -> "Check the request against the API description at /q/openapi.";
        };
    }
}
