package dev.visage.worker.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.visage.common.face.Similarity;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.runtime.ExecutionProvider;
import dev.visage.worker.engine.runtime.ExecutionProviderChoice;
import dev.visage.worker.engine.runtime.ExecutionProviders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxFaceEngineTest {

    private static OnnxFaceEngine engine;

    @BeforeAll
    static void open() {
        engine = Fixtures.openEngine();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void namesItsModels() {
        assertEquals("fr_feature-512d (faceplugin-face-recognition-js@0.0.1) + YuNet-2023mar", engine.modelName());
    }

    @Test
    void runsOnTheCpuItWasAskedFor() {
        assertEquals(new ExecutionProviderChoice(ExecutionProvider.CPU, ExecutionProvider.CPU, null),
                engine.executionProvider());
    }

    @Test
    void cudaAskedOfACpuBuildRunsOnCpuAndSaysHowToGetCuda() {
        assumeFalse(ExecutionProviders.available().contains(ExecutionProvider.CUDA), "this is the -Pgpu build");
        try (OnnxFaceEngine onCpu = OnnxFaceEngine.open(withProvider(ExecutionProvider.CUDA))) {
            ExecutionProviderChoice choice = onCpu.executionProvider();
            assertTrue(choice.fellBack());
            assertEquals(ExecutionProvider.CPU, choice.chosen());
            assertTrue(choice.reason().contains("-Pgpu"), choice.reason());
        }
    }

    @Test
    void cudaThatFailsToStartFallsBackToCpuAndStillWorks() {
        assumeFalse(ExecutionProviders.available().contains(ExecutionProvider.CUDA), "this is the -Pgpu build");
        // Claiming CUDA is available makes the engine try it; this build cannot start it.
        try (OnnxFaceEngine onCpu = OnnxFaceEngine.open(withProvider(ExecutionProvider.CUDA),
                Set.of(ExecutionProvider.CPU, ExecutionProvider.CUDA))) {
            ExecutionProviderChoice choice = onCpu.executionProvider();
            assertEquals(ExecutionProvider.CPU, choice.chosen());
            assertTrue(choice.reason().contains("failed to start"), choice.reason());
            try (DecodedImage image = onCpu.decode(Fixtures.photo("img10.jpg"))) {
                assertFalse(onCpu.detect(image).isEmpty());
            }
        }
    }

    @Test
    void aDirectoryWithoutModelsIsReportedWithTheFix(@TempDir Path empty) {
        EngineSettings settings = EngineSettings.defaults(empty);
        EngineException e = assertThrows(EngineException.class, () -> OnnxFaceEngine.open(settings));
        assertEquals(EngineException.Kind.MODEL_UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("models/install.sh"), e.getMessage());
    }

    @Test
    void theSamePersonIsCloserThanTheThresholdAndStrangersAreNot() {
        float[] angelina = embedLargestFace("img1.jpg");
        float[] angelinaAgain = embedLargestFace("img2.jpg");
        float[] stranger = embedLargestFace("img17.jpg");
        assertTrue(Similarity.cosine(angelina, angelinaAgain) >= EngineAccuracyTest.THRESHOLD);
        assertTrue(Similarity.cosine(angelina, stranger) < EngineAccuracyTest.THRESHOLD);
    }

    @Test
    void aTightCropIsRecognisedAsThePersonInTheWholePhoto() {
        try (DecodedImage image = engine.decode(Fixtures.photo("img1.jpg"))) {
            DetectedFace face = engine.detect(image).get(0);
            float[] whole = engine.embed(List.of(engine.align(image, face))).get(0);
            // The inner 80% of the face box: forehead and chin cut off, as an app's own face crop may be.
            Rect inner = new Rect((int) (face.x() + 0.1f * face.width()), (int) (face.y() + 0.1f * face.height()),
                    (int) (0.8f * face.width()), (int) (0.8f * face.height()));
            try (Mat roi = image.fullSize().apply(inner); DecodedImage crop = new DecodedImage(roi.clone())) {
                List<DetectedFace> faces = engine.detect(crop);
                assertFalse(faces.isEmpty());
                float[] cropped = engine.embed(List.of(engine.align(crop, faces.get(0)))).get(0);
                assertTrue(Similarity.cosine(whole, cropped) >= EngineAccuracyTest.THRESHOLD,
                        "similarity " + Similarity.cosine(whole, cropped));
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCallerAlone() throws Exception {
        String[] photos = {"img1.jpg", "img10.jpg", "couple.jpg", "selfie-many-people.jpg"};
        List<List<float[]>> alone = new ArrayList<>();
        for (String photo : photos) {
            alone.add(embedAllFaces(photo));
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> together = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String photo : photos) {
                    together.add(callers.submit(() -> embedAllFaces(photo)));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                List<float[]> expected = alone.get(i % photos.length);
                List<float[]> actual = together.get(i).get();
                assertEquals(expected.size(), actual.size(), photos[i % photos.length]);
                for (int face = 0; face < expected.size(); face++) {
                    assertArrayEquals(expected.get(face), actual.get(face), 1e-5f, photos[i % photos.length]);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void undecodableBytesAreReportedAsSuch() {
        EngineException e = assertThrows(EngineException.class, () -> engine.decode(new byte[] {1, 2, 3}));
        assertEquals(EngineException.Kind.UNDECODABLE_IMAGE, e.kind());
    }

    private static float[] embedLargestFace(String photo) {
        try (DecodedImage image = engine.decode(Fixtures.photo(photo))) {
            DetectedFace largest = engine.detect(image).stream()
                    .max((a, b) -> Float.compare(a.area(), b.area())).orElseThrow();
            return engine.embed(List.of(engine.align(image, largest))).get(0);
        }
    }

    private static List<float[]> embedAllFaces(String photo) {
        try (DecodedImage image = engine.decode(Fixtures.photo(photo))) {
            List<AlignedFace> aligned = new ArrayList<>();
            for (DetectedFace face : engine.detect(image)) {
                aligned.add(engine.align(image, face));
            }
            return engine.embed(aligned);
        }
    }

    private static EngineSettings withProvider(ExecutionProvider provider) {
        EngineSettings d = EngineSettings.defaults(Fixtures.modelsDir());
        return new EngineSettings(d.modelsDir(), provider, d.scoreThreshold(), d.nmsThreshold(), d.minFaceSize(),
                d.maxImagePixels(), d.intraOpThreads(), d.embeddingParallelism());
    }
}
