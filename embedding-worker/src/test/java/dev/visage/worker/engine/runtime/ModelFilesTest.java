package dev.visage.worker.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    /** Each written with its own name as content. */
    private static final List<String> ATTRIBUTE_FILES = List.of(ModelFiles.AGE_FILE, ModelFiles.GENDER_FILE,
            ModelFiles.HEAD_POSE_FILE, ModelFiles.LANDMARKS_FILE, ModelFiles.EYE_STATE_FILE);

    @TempDir
    Path dir;

    @Test
    void findsEveryModelByFileName() throws IOException {
        writeModels();
        ModelFiles models = ModelFiles.locate(dir);
        assertEquals(dir.resolve(ModelFiles.DETECTOR_FILE), models.detector());
        assertEquals(dir.resolve(ModelFiles.RECOGNITION_FILE), models.recognition());
        assertEquals(dir.resolve(ModelFiles.LIVENESS_FILE), models.liveness());
        assertEquals(dir.resolve(ModelFiles.AGE_FILE), models.age());
        assertEquals(dir.resolve(ModelFiles.GENDER_FILE), models.gender());
        assertEquals(dir.resolve(ModelFiles.HEAD_POSE_FILE), models.headPose());
        assertEquals(dir.resolve(ModelFiles.LANDMARKS_FILE), models.landmarks());
        assertEquals(dir.resolve(ModelFiles.EYE_STATE_FILE), models.eyeState());
    }

    @Test
    void acceptsModelsMatchingTheManifest() throws Exception {
        writeModels();
        writeManifest(sha256("detector"), sha256("recogniser"));
        ModelFiles.locate(dir);
    }

    @Test
    void aMissingModelIsUnavailableAndTheMessageSaysHowToInstallIt() throws IOException {
        Files.writeString(dir.resolve(ModelFiles.DETECTOR_FILE), "detector");
        assertUnavailable(ModelFiles.RECOGNITION_FILE, "is not in");
    }

    @Test
    void aMissingAttributeModelIsUnavailable() throws IOException {
        writeModels();
        Files.delete(dir.resolve(ModelFiles.EYE_STATE_FILE));
        assertUnavailable(ModelFiles.EYE_STATE_FILE, "is not in");
    }

    @Test
    void anAttributeModelWhoseChecksumDiffersFromTheManifestIsUnavailable() throws Exception {
        writeModels();
        writeManifest(sha256("detector"), sha256("recogniser"));
        Files.writeString(dir.resolve(ModelFiles.HEAD_POSE_FILE), "another head-pose");
        assertUnavailable(ModelFiles.HEAD_POSE_FILE, "damaged or another version");
    }

    @Test
    void aModelWhoseChecksumDiffersFromTheManifestIsUnavailable() throws Exception {
        writeModels();
        writeManifest(sha256("detector"), sha256("another recogniser"));
        assertUnavailable(ModelFiles.RECOGNITION_FILE, "damaged or another version");
    }

    @Test
    void aModelTheManifestDoesNotListIsUnavailable() throws Exception {
        writeModels();
        Files.writeString(dir.resolve(ModelFiles.MANIFEST_FILE), "{\"models\": [{\"name\": \"yunet\", \"file\": \""
                + ModelFiles.DETECTOR_FILE + "\", \"role\": \"detector\", \"sha256\": \"" + sha256("detector")
                + "\"}]}");
        assertUnavailable(ModelFiles.RECOGNITION_FILE, "lists no sha256");
    }

    @Test
    void anUnreadableManifestIsUnavailable() throws IOException {
        writeModels();
        Files.writeString(dir.resolve(ModelFiles.MANIFEST_FILE), "{not json");
        assertUnavailable(ModelFiles.MANIFEST_FILE, "cannot be read");
    }

    @Test
    void theInstalledModelsMatchTheirManifest() {
        ModelFiles models = ModelFiles.locate(Fixtures.modelsDir());
        assertTrue(Files.isRegularFile(models.detector()));
        assertTrue(Files.isRegularFile(models.recognition()));
        assertTrue(Files.isRegularFile(models.eyeState()));
    }

    private void assertUnavailable(String file, String why) {
        EngineException e = assertThrows(EngineException.class, () -> ModelFiles.locate(dir));
        assertEquals(EngineException.Kind.MODEL_UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains(file), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains("models/install.sh"), e.getMessage());
    }

    private void writeModels() throws IOException {
        Files.writeString(dir.resolve(ModelFiles.DETECTOR_FILE), "detector");
        Files.writeString(dir.resolve(ModelFiles.RECOGNITION_FILE), "recogniser");
        for (String file : ATTRIBUTE_FILES) {
            Files.writeString(dir.resolve(file), file);
        }
        Files.writeString(dir.resolve(ModelFiles.LIVENESS_FILE), "liveness");
    }

    private void writeManifest(String detectorSha, String recogniserSha) throws Exception {
        Files.writeString(dir.resolve(ModelFiles.MANIFEST_FILE), """
                {"models": [
                  {"name": "yunet", "file": "%s", "role": "detector", "sha256": "%s"},
                  {"name": "face-embedding", "file": "%s", "role": "recognition", "sha256": "%s"},
                  {"name": "liveness", "file": "%s", "role": "liveness", "sha256": "%s"}%s
                ]}""".formatted(ModelFiles.DETECTOR_FILE, detectorSha, ModelFiles.RECOGNITION_FILE, recogniserSha,
                ModelFiles.LIVENESS_FILE, sha256("liveness"), attributeEntries()));
    }

    private static String attributeEntries() throws Exception {
        StringBuilder entries = new StringBuilder();
        for (String file : ATTRIBUTE_FILES) {
            entries.append(",\n  {\"file\": \"%s\", \"sha256\": \"%s\"}".formatted(file, sha256(file)));
        }
        return entries.toString();
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
