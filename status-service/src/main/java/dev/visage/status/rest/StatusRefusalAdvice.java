package dev.visage.status.rest;

import dev.visage.web.RefusalAdvice;
import jakarta.enterprise.context.ApplicationScoped;

/** What the status service answers at, for clients whose request its HTTP layer refused. */
@ApplicationScoped
public class StatusRefusalAdvice implements RefusalAdvice {

    @Override
    public String suggestionFor(int status) {
        return status == 404 || status == 405
                ? "The status service answers GET /face-verification/status/, /background/status/, "
                + "/face-verification/health/, /background/health/, /status/stream, /status/snapshot and "
                + "/status/fragment."
                : "Check the request against docs/status.md.";
    }
}
