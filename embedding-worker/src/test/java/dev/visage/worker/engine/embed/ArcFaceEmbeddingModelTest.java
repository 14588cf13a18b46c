package dev.visage.worker.engine.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.Fixtures;
import dev.visage.worker.engine.OnnxFaceEngine;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.runtime.ExecutionProvider;
import dev.visage.worker.engine.runtime.ExecutionProviders;
import dev.visage.worker.engine.runtime.ModelFiles;
import dev.visage.worker.engine.runtime.OnnxRuntimeEnvironment;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArcFaceEmbeddingModelTest {

    private static final String[] PHOTOS = {"img1.jpg", "img2.jpg", "img10.jpg", "img20.jpg", "img21.jpg"};

    private static ArcFaceEmbeddingModel model;
    private static List<AlignedFace> faces;

    @BeforeAll
    static void load() throws OrtException {
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        model = new ArcFaceEmbeddingModel(environment, session(environment,
                ModelFiles.locate(Fixtures.modelsDir()).recognition().toString()), 2);
        faces = new ArrayList<>();
        try (OnnxFaceEngine engine = Fixtures.openEngine()) {
            for (String photo : PHOTOS) {
                try (DecodedImage image = engine.decode(Fixtures.photo(photo))) {
                    faces.add(engine.align(image, engine.detect(image).get(0)));
                }
            }
        }
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void pixelsBecomeRgbPlanesCentredOn127() {
        byte[] bgr = new byte[AlignedFace.SIZE * AlignedFace.SIZE * 3];
        bgr[0] = (byte) 255; // blue of the first pixel
        bgr[1] = (byte) 127; // green
        bgr[2] = 0; // red
        FloatBuffer planes = FloatBuffer.allocate(bgr.length);
        ArcFaceEmbeddingModel.putRgbPlanes(bgr, planes);
        int plane = AlignedFace.SIZE * AlignedFace.SIZE;
        assertEquals(-127 / 128f, planes.get(0), "red plane first");
        assertEquals(0f, planes.get(plane), "then green");
        assertEquals(1f, planes.get(2 * plane), "then blue");
        assertEquals(-127 / 128f, planes.get(1), "a black pixel");
        assertEquals(bgr.length, planes.position());
    }

    @Test
    void embeddingsAreNormalisedToUnitLength() {
        float[] unit = ArcFaceEmbeddingModel.normalised(new float[] {3, 4});
        assertArrayEquals(new float[] {0.6f, 0.8f}, unit, 1e-6f);
        assertThrows(EngineException.class, () -> ArcFaceEmbeddingModel.normalised(new float[3]));
    }

    @Test
    void fr_featureTakesOneFaceARun() {
        assertFalse(model.batchDynamic());
    }

    @Test
    void eachFaceGetsA512DimensionalUnitEmbedding() {
        for (float[] embedding : model.embed(faces)) {
            assertEquals(512, embedding.length);
            double norm = 0;
            for (float v : embedding) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-4);
        }
    }

    @Test
    void aListIsEmbeddedInOrderAsEachFaceAlone() {
        List<float[]> together = model.embed(faces);
        assertEquals(faces.size(), together.size());
        for (int i = 0; i < faces.size(); i++) {
            assertArrayEquals(model.embed(List.of(faces.get(i))).get(0), together.get(i), 1e-5f, PHOTOS[i]);
        }
    }

    @Test
    void anEmptyListHasNoEmbeddings() {
        assertEquals(List.of(), model.embed(List.of()));
    }

    @Test
    void aModelWithADynamicBatchEmbedsTheListInOneRunWithTheSameResults() throws IOException, OrtException {
        byte[] rewritten = DynamicBatchModel.rewrite(
                Files.readAllBytes(ModelFiles.locate(Fixtures.modelsDir()).recognition()));
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions(ExecutionProvider.CPU, 0);
                ArcFaceEmbeddingModel batched =
                        new ArcFaceEmbeddingModel(environment, environment.createSession(rewritten, options), 2)) {
            assertTrue(batched.batchDynamic());
            List<float[]> inOneRun = batched.embed(faces);
            List<float[]> oneByOne = model.embed(faces);
            for (int i = 0; i < faces.size(); i++) {
                assertArrayEquals(oneByOne.get(i), inOneRun.get(i), 1e-4f, PHOTOS[i]);
            }
        }
    }

    private static OrtSession session(OrtEnvironment environment, String path) throws OrtException {
        try (OrtSession.SessionOptions options = ExecutionProviders.sessionOptions(ExecutionProvider.CPU, 0)) {
            return environment.createSession(path, options);
        }
    }
}
