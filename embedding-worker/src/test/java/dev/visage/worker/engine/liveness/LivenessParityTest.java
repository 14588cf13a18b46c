package dev.visage.worker.engine.liveness;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.worker.engine.Fixtures;
import dev.visage.worker.engine.OnnxFaceEngine;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java's liveness scores against those of the package's own JavaScript ({@code lib/fr_liveness.js} from
 * faceplugin-face-recognition-js@0.0.1, run by Node with onnxruntime-node and the package's opencv.js) on the same
 * decoded photos and face boxes; and what the model says on the three public presentation-attack samples. Needs
 * node and npm (models/install.sh needs them too) and the package tarball models/install.sh cached.
 */
class LivenessParityTest {

    private static final String TARBALL = "faceplugin-face-recognition-js-0.0.1.tgz";
    private static final String TARBALL_SHA256 = "7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba";
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
        Path reference = referencePackage();
        run(reference, "node", reference.resolve("liveness-reference.mjs").toString(),
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

    /** Java's score, and the photo as the JavaScript side gets it: RGBA pixels (as cv.imread gives) and the box. */
    private static void prepare(Path dir, String name, byte[] bytes) throws IOException {
        try (DecodedImage image = engine.decode(bytes)) {
            DetectedFace face = engine.detect(image).stream().max(Comparator.comparingDouble(DetectedFace::area))
                    .orElseThrow(() -> new AssertionError("no face in " + name));
            JAVA.put(name, liveness.score(image, face));
            Mat photo = image.fullSize();
            byte[] rgba = new byte[photo.cols() * photo.rows() * 4];
            try (Mat converted = new Mat()) {
                cvtColor(photo, converted, COLOR_BGR2RGBA);
                converted.data().get(rgba);
            }
            Files.write(dir.resolve(name + ".rgba"), rgba);
            Files.writeString(dir.resolve(name + ".json"), new ObjectMapper().writeValueAsString(Map.of(
                    "name", name, "pixels", name + ".rgba", "width", photo.cols(), "height", photo.rows(),
                    "box", List.of(face.x(), face.y(), face.x() + face.width(), face.y() + face.height()))));
        }
    }

    /**
     * The package's liveness code beside the reference script: its files copied from the cached tarball with only
     * two import specifiers pointed at what Node can load, and onnxruntime-node installed (without its install
     * script, which fetches GPU binaries; the CPU runtime ships in the package).
     */
    private static Path referencePackage() throws Exception {
        Path dir = Files.createDirectories(WORK.resolve("reference"));
        Path tarball = Path.of(System.getenv().getOrDefault("XDG_CACHE_HOME",
                System.getProperty("user.home") + "/.cache"), "visage", TARBALL);
        assertTrue(Files.exists(tarball), tarball + " is missing: run models/install.sh");
        assertEquals(TARBALL_SHA256, sha256(tarball), tarball + " is not the verified package");
        run(dir, "tar", "xzf", tarball.toString(), "-C", dir.toString(), "package/lib/fr_liveness.js",
                "package/lib/fr_pose.js", "package/js/opencv.js", "package/js/opencv_js.wasm");
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (String file : List.of("fr_liveness.js", "fr_pose.js")) {
            String source = Files.readString(dir.resolve("package/lib/" + file), StandardCharsets.UTF_8)
                    .replace("from \"onnxruntime-web\"", "from \"onnxruntime-node\"")
                    .replace("from \"./fr_pose\"", "from \"./fr_pose.js\"");
            Files.writeString(lib.resolve(file), source);
        }
        Files.copy(dir.resolve("package/js/opencv.js"), dir.resolve("opencv.cjs"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("package/js/opencv_js.wasm"), dir.resolve("opencv_js.wasm"),
                StandardCopyOption.REPLACE_EXISTING);
        Path scripts = Path.of("src", "test", "js");
        Files.copy(scripts.resolve("package.json"), dir.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(scripts.resolve("liveness-reference.mjs"), dir.resolve("liveness-reference.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        if (!Files.exists(dir.resolve("node_modules/onnxruntime-node"))) {
            run(dir, "npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
        }
        return dir;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }

    private static Path spoofDir() {
        return Fixtures.deepfaceDir().getParent().resolve("spoof");
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
