package dev.visage.api.gallery.service;

import dev.visage.api.audit.AuditedIds;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.api.gallery.repository.StoredFace;
import dev.visage.api.gallery.repository.Subject;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceLiveness;
import dev.visage.common.messaging.FaceQuality;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the gallery endpoints answer, field names as the API contract spells them. */
public final class GalleryResults {

    private GalleryResults() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubjectView(
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("id") UUID id,
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("collection") String collection,
            @JsonProperty("external_id") String externalId,
            @JsonProperty("name") String name,
            @JsonProperty("metadata") Map<String, Object> metadata,
            @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("created_at") OffsetDateTime createdAt,
            @JsonProperty("last_activity_at") OffsetDateTime lastActivityAt,
            @JsonProperty("retention_until") OffsetDateTime retentionUntil,
            @JsonProperty("faces") List<FaceView> faces) implements AuditedIds {

        @Override
        public List<UUID> auditedSubjects() {
            return List.of(id);
        }

        /** The subject as shown, with when it will be erased unless it is enrolled or matched again. */
        static SubjectView of(Subject s, List<FaceView> faces, int retentionDays) {
            return new SubjectView(s.id(), s.collection(), s.externalId(), s.name(), s.metadata(), s.createdAt(),
                    s.lastActivityAt(), s.lastActivityAt() == null ? null : s.lastActivityAt().plusDays(retentionDays),
                    faces);
        }
    }

    public record FaceView(
            @JsonProperty("face_id") UUID faceId,
            @JsonProperty("detection_score") double detectionScore,
            @JsonProperty("face_width") double faceWidth,
            @JsonProperty("face_height") double faceHeight,
            @JsonProperty("model") String model,
            @JsonProperty("created_at") OffsetDateTime createdAt) {

        static FaceView of(StoredFace f) {
            return new FaceView(f.id(), f.detectionScore(), f.width(), f.height(), f.model(), f.createdAt());
        }
    }

    public record Enrolment(
            @JsonProperty("face_id") UUID faceId,
            @JsonProperty("subject_id") UUID subjectId,
            @JsonProperty("collection") String collection,
            @JsonProperty("face_count") int faceCount,
            @JsonProperty("face_index") int faceIndex,
            @JsonProperty("detection_score") double detectionScore,
            @JsonProperty("face_width") double faceWidth,
            @JsonProperty("face_height") double faceHeight,
            @JsonProperty("box") FaceData.Box box,
            @JsonProperty("quality") FaceQuality quality,
            @JsonProperty("liveness") FaceLiveness liveness) implements AuditedIds {

        @Override
        public List<UUID> auditedSubjects() {
            return List.of(subjectId);
        }

        @Override
        public UUID auditedFace() {
            return faceId;
        }
    }

    public record Deletion(
            @JsonProperty("id") UUID id,
            @JsonProperty("deleted") boolean deleted,
            @JsonProperty("existed") boolean existed) {
    }

    public record Match(
            @JsonProperty("subject_id") UUID subjectId,
            @JsonProperty("external_id") String externalId,
            @JsonProperty("name") String name,
            @JsonProperty("similarity") double similarity,
            @JsonProperty("face_id") UUID faceId) {
    }

    public record IdentifiedFace(
            @JsonProperty("face") FaceData face,
            @JsonProperty("matches") List<Match> matches) {
    }

    public record Identification(
            @JsonProperty("matches") List<Match> matches,
            @JsonProperty("faces") List<IdentifiedFace> faces,
            @JsonProperty("threshold") double threshold,
            @JsonProperty("collection") String collection,
            @JsonProperty("model") String model) implements AuditedIds {

        /** Who was found: the subjects matched for any face of the photo. */
        @Override
        public List<UUID> auditedSubjects() {
            return faces.stream().flatMap(face -> face.matches().stream()).map(Match::subjectId).distinct().toList();
        }
    }

    public record SubjectVerification(
            @JsonProperty("verified") boolean verified,
            @JsonProperty("similarity") double similarity,
            @JsonProperty("threshold") double threshold,
            @JsonProperty("subject_id") UUID subjectId,
            @JsonProperty("best_face_id") UUID bestFaceId,
            @JsonProperty("compared_faces") int comparedFaces,
            @JsonProperty("rule") String rule,
            @JsonProperty("face") FaceData face) {
    }
}
