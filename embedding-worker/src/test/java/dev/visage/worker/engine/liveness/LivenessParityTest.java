package dev.visage.worker.engine.liveness;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.worker.engine.Fixtures;
import dev.visage.worker.engine.OnnxFaceEngine;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.faceplugin.FacepluginReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java's liveness scores against those of the package's own JavaScript ({@code lib/fr_liveness.js} from
 * faceplugin-face-recognition-js@0.0.1, run by Node with onnxruntime-node and the package's opencv.js) on the same
 * decoded photos and face boxes; and what the model says on the three public presentation-attack samples. Needs
 * what {@link FacepluginReference} needs: node, npm and the package tarball models/install.sh cached.
 */
class LivenessParityTest {

    private static final Path WORK = Path.of("target", "liveness-parity").toAbsolutePath();
    private static final List<String> SPOOF = List.of("image_F1.jpg", "image_F2.jpg", "image_T1.jpg");
    private static final List<String> PORTRAITS = List.of("img1.jpg", "img2.jpg", "img33.jpg");

    private static OnnxFaceEngine engine;
    private static LivenessModel liveness;
    private static final Map<String, Double> JAVA = new LinkedHashMap<>();
    private static Map<String, Double> javascript;

    @BeforeAll
    static void scoreBothWays() throws Exception {
        engine = Fixtures.openEngine();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        liveness = new LivenessModel(environment,
                environment.createSession(Fixtures.modelsDir().resolve("fr_liveness.onnx").toString()));
        Path photos = Files.createDirectories(WORK.resolve("photos"));
        for (String name : SPOOF) {
            prepare(photos, name, Files.readAllBytes(spoofDir().resolve(name)));
        }
        for (String name : PORTRAITS) {
            prepare(photos, name, Fixtures.photo(name));
        }
        Path reference = FacepluginReference.install();
        FacepluginReference.run(reference, "node", reference.resolve("liveness-reference.mjs").toString(),
                reference.toString(), Fixtures.modelsDir().resolve("fr_liveness.onnx").toString(), photos.toString());
        @SuppressWarnings("unchecked")
        Map<String, Double> scores = new ObjectMapper().readValue(photos.resolve("scores.json").toFile(), Map.class);
        javascript = scores;
        JAVA.forEach((name, score) -> System.out.printf(Locale.ROOT, "%-14s java %.6f  javascript %.6f%n", name,
                score, javascript.get(name)));
    }

    @AfterAll
    static void close() {
        liveness.close();
        engine.close();
    }

    @Test
    void javaScoresEveryPhotoAsThePackagesOwnJavaScriptDoes() {
        assertEquals(JAVA.keySet(), javascript.keySet());
        JAVA.forEach((name, score) -> assertEquals(javascript.get(name), score, 1e-5, name));
    }

    /**
     * What the model says on the three public samples (scores 0.0004 and 0.0054 for the two attacks, 0.42 for the live
     * person): it ranks them right. Three photos prove the code path, not an accuracy.
     */
    @Test
    void theModelTellsTheLiveSampleFromThePresentationAttacks() {
        assertTrue(JAVA.get("image_F1.jpg") < 0.01 && JAVA.get("image_F2.jpg") < 0.01, JAVA.toString());
        assertTrue(JAVA.get("image_T1.jpg") > 0.3, JAVA.toString());
    }

    /** Java's score, and the photo as the JavaScript side gets it. */
    private static void prepare(Path dir, String name, byte[] bytes) throws IOException {
        try (DecodedImage image = engine.decode(bytes)) {
            DetectedFace face = engine.detect(image).stream().max(Comparator.comparingDouble(DetectedFace::area))
                    .orElseThrow(() -> new AssertionError("no face in " + name));
            JAVA.put(name, liveness.score(image, face));
            FacepluginReference.writePhoto(dir, name, image, face);
        }
    }

    private static Path spoofDir() {
        return Fixtures.deepfaceDir().getParent().resolve("spoof");
    }
}
