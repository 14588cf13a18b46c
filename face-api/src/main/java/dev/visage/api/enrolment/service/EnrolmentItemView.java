package dev.visage.api.enrolment.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.messaging.FaceLiveness;
import dev.visage.common.messaging.FaceQuality;

import java.util.UUID;

/**
 * What happened to one photo of a job.
 *
 * @param position        the photo's place in the request, from 0
 * @param state           {@code queued}, {@code running}, {@code enrolled} or {@code failed}
 * @param alreadyEnrolled the subject already had this very photo enrolled (by an earlier job or call), so it was not
 *                        enrolled again; {@code face_id} is that face
 * @param quality         the face's measured quality, when the worker saw one (also when it was refused for it)
 * @param error           why the photo was not enrolled, in the same envelope a single enrolment answers with
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrolmentItemView(
        @JsonProperty("position") int position,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("external_id") String externalId,
        @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("state") String state,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("subject_id") UUID subjectId,
        @JsonProperty("face_id") UUID faceId,
        @JsonProperty("already_enrolled") Boolean alreadyEnrolled,
        @JsonProperty("quality") FaceQuality quality,
        @JsonProperty("liveness") FaceLiveness liveness,
        @JsonProperty("error") ErrorResponse error) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String ENROLLED = "enrolled";
    public static final String FAILED = "failed";
}
