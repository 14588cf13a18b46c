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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void findsEveryModelByFileName() throws IOException {
        writeModels();
        ModelFiles models = ModelFiles.locate(dir);
        assertEquals(dir.resolve(ModelFiles.DETECTOR_FILE), models.detector());
        assertEquals(dir.resolve(ModelFiles.RECOGNITION_FILE), models.recognition());
        assertEquals(dir.resolve(ModelFiles.LIVENESS_FILE), models.liveness());
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
        Files.writeString(dir.resolve(ModelFiles.LIVENESS_FILE), "liveness");
    }

    private void writeManifest(String detectorSha, String recogniserSha) throws Exception {
        Files.writeString(dir.resolve(ModelFiles.MANIFEST_FILE), """
                {"models": [
                  {"name": "yunet", "file": "%s", "role": "detector", "sha256": "%s"},
                  {"name": "face-embedding", "file": "%s", "role": "recognition", "sha256": "%s"},
                  {"name": "liveness", "file": "%s", "role": "liveness", "sha256": "%s"}
                ]}""".formatted(ModelFiles.DETECTOR_FILE, detectorSha, ModelFiles.RECOGNITION_FILE, recogniserSha,
                ModelFiles.LIVENESS_FILE, sha256("liveness")));
    }

    private static String sha256(String content) throws Exception {
        return HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }
}
