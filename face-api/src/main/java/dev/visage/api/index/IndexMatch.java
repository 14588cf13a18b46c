package dev.visage.api.index;

/** A stored face near the query, with its cosine similarity to it. */
public record IndexMatch(String faceId, String subjectId, double similarity) {
}
