package dev.visage.worker.engine.attributes;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.worker.engine.EngineSettings;
import dev.visage.worker.engine.Fixtures;
import dev.visage.worker.engine.OnnxFaceEngine;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.faceplugin.FacepluginReference;
import dev.visage.worker.engine.runtime.ExecutionProvider;
import dev.visage.worker.engine.runtime.ExecutionProviders;
import dev.visage.worker.engine.runtime.OnnxRuntimeEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java's age, gender score, head pose, landmarks and eye states against those of the package's own JavaScript
 * ({@code lib/fr_age.js}, {@code fr_gender.js}, {@code fr_pose.js}, {@code fr_landmark.js} and {@code fr_eye.js} from
 * faceplugin-face-recognition-js@0.0.1, run by Node with onnxruntime-node and the package's opencv.js) on the same
 * decoded photos and face boxes. The photos are chosen to cover the package's arithmetic: crops pushed back inside the
 * photo (img1, img11), a tilted head (img11), a turned one (couple), an eye the model calls closed (img17). Needs what
 * {@link FacepluginReference} needs: node, npm and the package tarball models/install.sh cached.
 *
 * <p>Also measures each model's time per face, preparation included, on the worker's own session options.
 */
class AttributesParityTest {

    private static final Path WORK = Path.of("target", "attributes-parity").toAbsolutePath();
    private static final List<String> PHOTOS = List.of("img1.jpg", "img11.jpg", "img17.jpg", "couple.jpg");
    /** Timed runs of each model per face, after one untimed. */
    private static final int RUNS = 10;
    /** ONNX Runtime's arithmetic differs in the last bits between its Java and Node builds; the inputs do not. */
    private static final double RELATIVE = 1e-4;
    /** The package rounds its angles with {@code toFixed(2)}. */
    private static final double DEGREES = 0.005 + 1e-6;

    private record JavaResult(AgeModel.Estimate age, GenderModel.Estimate gender, HeadPoseModel.Estimate pose,
                              int[] landmarks, EyeStateModel.Estimate eyes) {
    }

    private static OnnxFaceEngine engine;
    private static AgeModel age;
    private static GenderModel gender;
    private static HeadPoseModel pose;
    private static FaceLandmarkModel landmarks;
    private static EyeStateModel eyes;
    private static final Map<String, JavaResult> JAVA = new LinkedHashMap<>();
    private static final Map<String, Double> MILLIS_PER_FACE = new LinkedHashMap<>();
    private static JsonNode javascript;

    @BeforeAll
    static void estimateBothWays() throws Exception {
        engine = Fixtures.openEngine();
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        EngineSettings settings = EngineSettings.defaults(Fixtures.modelsDir());
        try (OrtSession.SessionOptions options =
                ExecutionProviders.sessionOptions(ExecutionProvider.CPU, settings.intraOpThreads())) {
            age = new AgeModel(environment, session(environment, "fr_age.onnx", options));
            gender = new GenderModel(environment, session(environment, "fr_gender.onnx", options));
            pose = new HeadPoseModel(environment, session(environment, "fr_pose.onnx", options));
            landmarks = new FaceLandmarkModel(environment, session(environment, "fr_landmark.onnx", options));
            eyes = new EyeStateModel(environment, session(environment, "fr_eye.onnx", options));
        }
        Path photos = Files.createDirectories(WORK.resolve("photos"));
        for (String name : PHOTOS) {
            try (DecodedImage image = engine.decode(Fixtures.photo(name))) {
                DetectedFace face = engine.detect(image).stream().max(Comparator.comparingDouble(DetectedFace::area))
                        .orElseThrow(() -> new AssertionError("no face in " + name));
                int[] points = timed("fr_landmark", () -> landmarks.landmarks(image, face));
                JAVA.put(name, new JavaResult(timed("fr_age", () -> age.estimate(image, face)),
                        timed("fr_gender", () -> gender.estimate(image, face)),
                        timed("fr_pose", () -> pose.estimate(image, face)), points,
                        timed("fr_eye (both eyes)", () -> eyes.estimate(image, points).orElseThrow())));
                FacepluginReference.writePhoto(photos, name, image, face);
            }
        }
        MILLIS_PER_FACE.replaceAll((model, total) -> total / (PHOTOS.size() * RUNS));
        Path reference = FacepluginReference.install();
        FacepluginReference.run(reference, "node", reference.resolve("attributes-reference.mjs").toString(),
                reference.toString(), Fixtures.modelsDir().toString(), photos.toString());
        javascript = new ObjectMapper().readTree(photos.resolve("results.json").toFile());
        report();
    }

    private static OrtSession session(OrtEnvironment environment, String file, OrtSession.SessionOptions options)
            throws OrtException {
        return environment.createSession(Fixtures.modelsDir().resolve(file).toString(), options);
    }

    /** {@code estimate}'s answer, its time per run added to {@link #MILLIS_PER_FACE} for {@code model}. */
    private static <T> T timed(String model, Supplier<T> estimate) {
        T answer = estimate.get();
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            estimate.get();
        }
        MILLIS_PER_FACE.merge(model, (System.nanoTime() - start) / 1e6, Double::sum);
        return answer;
    }

    private static void report() {
        JAVA.forEach((name, java) -> {
            JsonNode js = javascript.get(name);
            System.out.printf(Locale.ROOT, "%-11s age java %.6f js %.6f | gender java %.6f js %.6f | yaw/pitch/roll"
                            + " java %.4f %.4f %.4f js %.2f %.2f %.2f | eyes open (subject's right, left) java %s %s"
                            + " js %s %s%n", name, java.age().years(), js.get("age").asDouble(),
                    java.gender().score(), js.get("gender").asDouble(), java.pose().yaw(), java.pose().pitch(),
                    java.pose().roll(), js.get("yaw").asDouble(), js.get("pitch").asDouble(),
                    js.get("roll").asDouble(), java.eyes().subjectRight().open(), java.eyes().subjectLeft().open(),
                    !js.get("eyeClosed").get(0).asBoolean(), !js.get("eyeClosed").get(1).asBoolean());
        });
        double[] largest = new double[4];
        JAVA.forEach((name, java) -> {
            JsonNode js = javascript.get(name);
            largest[0] = Math.max(largest[0], Math.abs(java.age().years() - js.get("age").asDouble()));
            largest[1] = Math.max(largest[1], Math.abs(java.gender().score() - js.get("gender").asDouble()));
            largest[2] = Math.max(largest[2], Math.max(Math.abs(java.pose().yaw() - js.get("yaw").asDouble()),
                    Math.max(Math.abs(java.pose().pitch() - js.get("pitch").asDouble()),
                            Math.abs(java.pose().roll() - js.get("roll").asDouble()))));
            for (int eye = 0; eye < 2; eye++) {
                EyeStateModel.EyeState state = eye == 0 ? java.eyes().subjectRight() : java.eyes().subjectLeft();
                largest[3] = Math.max(largest[3], Math.abs(state.openProbability()
                        - js.get("eyeProbabilities").get(eye).get(1).asDouble()));
            }
        });
        System.out.printf(Locale.ROOT, "largest |java - js|: age %.2e years, gender %.2e, angles %.2e degrees (js"
                + " rounded to 0.01), eye open probability %.2e%n", largest[0], largest[1], largest[2], largest[3]);
        MILLIS_PER_FACE.forEach((model, millis) -> System.out.printf(Locale.ROOT, "%-18s %.2f ms/face%n", model,
                millis));
    }

    @AfterAll
    static void close() {
        age.close();
        gender.close();
        pose.close();
        landmarks.close();
        eyes.close();
        engine.close();
    }

    @Test
    void everyPhotoIsEstimatedByBothSides() {
        Set<String> names = new TreeSet<>();
        javascript.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(JAVA.keySet()), names);
    }

    @Test
    void ageAndGenderAreThePackages() {
        JAVA.forEach((name, java) -> {
            double years = javascript.get(name).get("age").asDouble();
            assertEquals(years, java.age().years(), RELATIVE * years, name);
            double score = javascript.get(name).get("gender").asDouble();
            assertEquals(score, java.gender().score(), RELATIVE * Math.abs(score), name);
        });
    }

    @Test
    void headPoseIsThePackagesToItsTwoDecimals() {
        JAVA.forEach((name, java) -> {
            JsonNode js = javascript.get(name);
            assertEquals(js.get("yaw").asDouble(), java.pose().yaw(), DEGREES, name + " yaw");
            assertEquals(js.get("pitch").asDouble(), java.pose().pitch(), DEGREES, name + " pitch");
            assertEquals(js.get("roll").asDouble(), java.pose().roll(), DEGREES, name + " roll");
        });
    }

    @Test
    void landmarksAreThePackagesToThePixel() {
        JAVA.forEach((name, java) -> {
            JsonNode points = javascript.get(name).get("landmarks");
            int[] js = new int[points.size()];
            for (int i = 0; i < js.length; i++) {
                js[i] = points.get(i).asInt();
            }
            assertArrayEquals(js, java.landmarks(), name);
        });
    }

    /** predictEye's order is the eye on the photo's left, the subject's right, first; its boolean is "closed". */
    @Test
    void eyeStatesAreThePackages() {
        JAVA.forEach((name, java) -> {
            JsonNode js = javascript.get(name);
            List<EyeStateModel.EyeState> states = List.of(java.eyes().subjectRight(), java.eyes().subjectLeft());
            for (int eye = 0; eye < 2; eye++) {
                EyeStateModel.EyeState state = states.get(eye);
                assertEquals(js.get("eyeClosed").get(eye).asBoolean(), !state.open(), name + " eye " + eye);
                JsonNode probabilities = js.get("eyeProbabilities").get(eye);
                assertEquals(probabilities.get(0).asDouble(), state.closedProbability(), 1e-5, name + " eye " + eye);
                assertEquals(probabilities.get(1).asDouble(), state.openProbability(), 1e-5, name + " eye " + eye);
            }
        });
    }
}
