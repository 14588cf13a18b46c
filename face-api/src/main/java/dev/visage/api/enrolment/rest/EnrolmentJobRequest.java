package dev.visage.api.enrolment.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The JSON form of a bulk enrolment: each item a photo in base64 and the external id of the subject it shows. */
public record EnrolmentJobRequest(@JsonProperty("items") List<Item> items) {

    public record Item(@JsonProperty("external_id") String externalId, @JsonProperty("image") String image) {
    }
}
