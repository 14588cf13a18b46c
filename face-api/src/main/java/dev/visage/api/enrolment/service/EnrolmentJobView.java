package dev.visage.api.enrolment.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A bulk enrolment job as a client sees it: its counts, and one result per photo in the order they were sent.
 *
 * @param state {@code queued} (no photo finished yet), {@code running} or {@code completed} (every photo
 *              enrolled or failed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrolmentJobView(
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("id") UUID id,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("collection") String collection,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("state") String state,
        @JsonProperty("total") int total,
        @JsonProperty("done") int done,
        @JsonProperty("failed") int failed,
        @JsonProperty("waiting") int waiting,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("quality") String quality,
        @JsonProperty("liveness") boolean liveness,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("finished_at") OffsetDateTime finishedAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("items") List<EnrolmentItemView> items) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";

}
