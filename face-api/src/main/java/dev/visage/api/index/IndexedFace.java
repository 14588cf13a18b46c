package dev.visage.api.index;

/** One enrolled face's vector with the keys it is found and erased by. */
public record IndexedFace(String faceId, String subjectId, String collection, float[] vector) {
}
