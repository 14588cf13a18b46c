package dev.visage.api.enrolment.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The JSON form of a bulk enrolment: each item a photo in base64 and the external id of the subject it shows. */
public record EnrolmentJobRequest(@Schema(required = true) @JsonProperty("items") List<Item> items) {

    public record Item(@Schema(required = true) @JsonProperty("external_id") String externalId,
                       @Schema(required = true) @JsonProperty("image") String image) {
    }
}
