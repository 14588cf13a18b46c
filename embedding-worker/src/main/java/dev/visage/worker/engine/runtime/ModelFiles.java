package dev.visage.worker.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.worker.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The model files the engine runs, found in the directory {@code models/install.sh} fills and checked against
 * the sha256 its {@code manifest.json} records, so that a damaged or different model is refused at start rather
 * than producing embeddings that silently do not match the ones already stored.
 */
public record ModelFiles(Path detector, Path recognition, Path liveness, Path age, Path gender, Path headPose,
                         Path landmarks, Path eyeState) {

    public static final String DETECTOR_FILE = "face_detection_yunet_2023mar_dynamic.onnx";
    public static final String RECOGNITION_FILE = "fr_feature.onnx";
    public static final String LIVENESS_FILE = "fr_liveness.onnx";
    public static final String AGE_FILE = "fr_age.onnx";
    public static final String GENDER_FILE = "fr_gender.onnx";
    public static final String HEAD_POSE_FILE = "fr_pose.onnx";
    public static final String LANDMARKS_FILE = "fr_landmark.onnx";
    public static final String EYE_STATE_FILE = "fr_eye.onnx";
    public static final String MANIFEST_FILE = "manifest.json";

    private static final String FIX = "run models/install.sh";

    /** The models in {@code dir}, verified against its manifest when it has one. */
    public static ModelFiles locate(Path dir) {
        Path detector = existing(dir, DETECTOR_FILE);
        Path recognition = existing(dir, RECOGNITION_FILE);
        Path liveness = existing(dir, LIVENESS_FILE);
        Path age = existing(dir, AGE_FILE);
        Path gender = existing(dir, GENDER_FILE);
        Path headPose = existing(dir, HEAD_POSE_FILE);
        Path landmarks = existing(dir, LANDMARKS_FILE);
        Path eyeState = existing(dir, EYE_STATE_FILE);
        ModelFiles files = new ModelFiles(detector, recognition, liveness, age, gender, headPose, landmarks, eyeState);
        Path manifest = dir.resolve(MANIFEST_FILE);
        if (Files.exists(manifest)) {
            JsonNode models = readModels(manifest);
            for (Path model : files.all()) {
                verify(model, models, manifest);
            }
        }
        return files;
    }

    private List<Path> all() {
        return List.of(detector, recognition, liveness, age, gender, headPose, landmarks, eyeState);
    }

    private static Path existing(Path dir, String file) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw unavailable(file + " is not in " + dir.toAbsolutePath() + "; " + FIX + " to install it");
        }
        return path;
    }

    private static JsonNode readModels(Path manifest) {
        try {
            JsonNode models = new ObjectMapper().readTree(manifest.toFile()).path("models");
            if (!models.isArray()) {
                throw unavailable(manifest.toAbsolutePath() + " has no \"models\" list; " + FIX + " to rewrite it");
            }
            return models;
        } catch (IOException e) {
            throw unavailable(manifest.toAbsolutePath() + " cannot be read (" + e.getMessage() + "); " + FIX
                    + " to rewrite it");
        }
    }

    private static void verify(Path model, JsonNode models, Path manifest) {
        String file = model.getFileName().toString();
        JsonNode entry = null;
        for (JsonNode candidate : models) {
            if (file.equals(candidate.path("file").asText())) {
                entry = candidate;
            }
        }
        if (entry == null || !entry.path("sha256").isTextual()) {
            throw unavailable(manifest.toAbsolutePath() + " lists no sha256 for " + file + "; " + FIX
                    + " to install the models and manifest this engine expects");
        }
        String expected = entry.path("sha256").asText();
        String actual = sha256(model);
        if (!expected.equalsIgnoreCase(actual)) {
            throw unavailable(model.toAbsolutePath() + " has sha256 " + actual + " but " + MANIFEST_FILE + " says "
                    + expected + ": the file is damaged or another version; " + FIX + " to reinstall it");
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw unavailable(file.toAbsolutePath() + " cannot be read (" + e.getMessage() + "); " + FIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static EngineException unavailable(String message) {
        return new EngineException(EngineException.Kind.MODEL_UNAVAILABLE, message);
    }
}
