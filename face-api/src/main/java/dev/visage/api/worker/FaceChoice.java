package dev.visage.api.worker;

import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceData;

import java.util.Comparator;
import java.util.List;

/** Which of the faces the workers found an endpoint uses, and the one wording of "this photo has no usable face". */
public final class FaceChoice {

    private FaceChoice() {
    }

    public static VisageException noFaceIn(String image) {
        return VisageException.faceDetection(image, "No faces detected in image",
                "Send a photo in which the face is clearly visible, frontal and at least 32 pixels wide.");
    }

    /** The face that is compared: the largest, which is the one the workers embedded when asked for it. */
    public static FaceData largest(String image, List<FaceData> found) {
        return found.stream().filter(f -> f.embedding() != null).findFirst().orElseThrow(() -> noFaceIn(image));
    }

    /** Every embedded face, largest first: the probes of an identification. */
    public static List<FaceData> embeddedLargestFirst(String image, List<FaceData> found) {
        List<FaceData> probes = found.stream().filter(f -> f.embedding() != null)
                .sorted(Comparator.comparingDouble(FaceData::area).reversed()).toList();
        if (probes.isEmpty()) {
            throw noFaceIn(image);
        }
        return probes;
    }

    /** The face to enrol: the only one, or the one the caller picked by index when there are several. */
    public static int toEnrol(String image, List<FaceData> found, Integer faceIndex) {
        if (found.isEmpty()) {
            throw noFaceIn(image);
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
