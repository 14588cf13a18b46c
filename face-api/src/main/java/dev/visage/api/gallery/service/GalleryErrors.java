package dev.visage.api.gallery.service;

import dev.visage.common.error.VisageException;

/** The gallery's own failures, worded once. */
final class GalleryErrors {

    private GalleryErrors() {
    }

    static VisageException subjectNotFound(String collection, Object id) {
        return VisageException.notFound("No subject " + id + " in collection " + collection,
                "subject_id=" + id + ", collection=" + collection,
                "Check the subject id and the collection query parameter (default 'default').");
    }

    static VisageException faceNotFound(Object subjectId, Object faceId) {
        return VisageException.notFound("No face " + faceId + " for subject " + subjectId, "face_id=" + faceId,
                "List the subject's faces with GET /api/v1/subjects/{id}.");
    }
}
