package dev.visage.api.worker;

import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceQuality;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Which of the faces the workers found an endpoint uses, and the one wording of "this photo has no usable face". */
public final class FaceChoice {

    private FaceChoice() {
    }

    /**
     * No usable face in the photo: too small when the worker saw faces below its minimum size (the largest is named,
     * with the quality reason a too-small face gets), absent otherwise.
     */
    public static VisageException noFaceIn(String image, List<FaceData.Box> undersized) {
        if (undersized != null && !undersized.isEmpty()) {
            FaceData.Box largest = undersized.get(0);
            return VisageException.faceDetection(image, String.format(Locale.ROOT,
                            "the face found is only %.0fx%.0f pixels, too small to recognise (%s)", largest.width(),
                            largest.height(), FaceQuality.SMALL_BOUNDING_BOX),
                    "Move closer, or send a larger photo: the face needs at least 32 pixels across, and 80 or more "
                            + "recognises best.");
        }
        return VisageException.faceDetection(image, "No faces detected in image",
                "Send a photo in which the face is clearly visible, frontal and at least 32 pixels wide.");
    }

    /** The face that is compared: the largest, which is the one the workers embedded when asked for it. */
    public static FaceData largest(String image, EmbeddingReply reply) {
        return reply.faces().stream().filter(f -> f.embedding() != null).findFirst()
                .orElseThrow(() -> noFaceIn(image, reply.undersizedFaces()));
    }

    /** Every embedded face, largest first: the probes of an identification. */
    public static List<FaceData> embeddedLargestFirst(String image, EmbeddingReply reply) {
        List<FaceData> probes = reply.faces().stream().filter(f -> f.embedding() != null)
                .sorted(Comparator.comparingDouble(FaceData::area).reversed()).toList();
        if (probes.isEmpty()) {
            throw noFaceIn(image, reply.undersizedFaces());
        }
        return probes;
    }

    /** The face to enrol: the only one, or the one the caller picked by index when there are several. */
    public static int toEnrol(String image, EmbeddingReply reply, Integer faceIndex) {
        List<FaceData> found = reply.faces();
        if (found.isEmpty()) {
            throw noFaceIn(image, reply.undersizedFaces());
        }
        if (faceIndex == null) {
            if (found.size() > 1) {
                throw VisageException.faceDetection(image, found.size() + " faces detected; enrolment needs one",
                        "Send a photo of one person, or say which face to enrol with face_index (0-based, in the "
                                + "order POST /api/v1/detect lists them).");
            }
            return 0;
        }
        if (faceIndex < 0 || faceIndex >= found.size()) {
            throw VisageException.validation("face_index is out of range",
                    "face_index=" + faceIndex + " but " + found.size() + " faces were detected",
                    "Use a face_index from 0 to " + (found.size() - 1) + ".");
        }
        return faceIndex;
    }
}
