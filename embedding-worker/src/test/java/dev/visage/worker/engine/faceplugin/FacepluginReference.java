package dev.visage.worker.engine.faceplugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import org.bytedeco.opencv.opencv_core.Mat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * faceplugin-face-recognition-js@0.0.1's own JavaScript made runnable by Node, for the parity tests: its {@code lib}
 * files copied from the tarball models/install.sh cached with only two import specifiers pointed at what Node can load,
 * its opencv.js, the reference scripts of {@code src/test/js} beside them, and onnxruntime-node installed (without its
 * install script, which fetches GPU binaries; the CPU runtime ships in the package). Needs node and npm, as
 * models/install.sh does.
 */
public final class FacepluginReference {

    private static final String TARBALL = "faceplugin-face-recognition-js-0.0.1.tgz";
    private static final String TARBALL_SHA256 = "7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba";
    private static final Path DIR = Path.of("target", "faceplugin-reference").toAbsolutePath();
    private static final List<String> LIBRARIES = List.of("fr_liveness.js", "fr_pose.js", "fr_age.js", "fr_gender.js",
            "fr_landmark.js", "fr_eye.js");
    private static final List<String> SCRIPTS = List.of("liveness-reference.mjs", "attributes-reference.mjs");

    private FacepluginReference() {
    }

    /** The directory with {@code lib/}, {@code opencv.cjs}, the reference scripts and {@code node_modules}. */
    public static synchronized Path install() throws Exception {
        Files.createDirectories(DIR);
        Path tarball = Path.of(System.getenv().getOrDefault("XDG_CACHE_HOME",
                System.getProperty("user.home") + "/.cache"), "visage", TARBALL);
        assertTrue(Files.exists(tarball), tarball + " is missing: run models/install.sh");
        assertEquals(TARBALL_SHA256, sha256(tarball), tarball + " is not the verified package");
        List<String> extract = new ArrayList<>(List.of("tar", "xzf", tarball.toString(), "-C", DIR.toString(),
                "package/js/opencv.js", "package/js/opencv_js.wasm"));
        LIBRARIES.forEach(file -> extract.add("package/lib/" + file));
        run(DIR, extract.toArray(String[]::new));
        Path lib = Files.createDirectories(DIR.resolve("lib"));
        for (String file : LIBRARIES) {
            String source = Files.readString(DIR.resolve("package/lib/" + file), StandardCharsets.UTF_8)
                    .replace("from \"onnxruntime-web\"", "from \"onnxruntime-node\"")
                    .replace("from \"./fr_pose\"", "from \"./fr_pose.js\"");
            Files.writeString(lib.resolve(file), source);
        }
        Files.copy(DIR.resolve("package/js/opencv.js"), DIR.resolve("opencv.cjs"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(DIR.resolve("package/js/opencv_js.wasm"), DIR.resolve("opencv_js.wasm"),
                StandardCopyOption.REPLACE_EXISTING);
        Path scripts = Path.of("src", "test", "js");
        Files.copy(scripts.resolve("package.json"), DIR.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        for (String script : SCRIPTS) {
            Files.copy(scripts.resolve(script), DIR.resolve(script), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(DIR.resolve("node_modules/onnxruntime-node"))) {
            run(DIR, "npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
        }
        return DIR;
    }

    /**
     * The photo as the JavaScript side gets it, in {@code dir}: its RGBA pixels (as cv.imread gives them) in
     * {@code name.rgba}, and {@code name.json} with the size and the face box.
     */
    public static void writePhoto(Path dir, String name, DecodedImage image, DetectedFace face) throws IOException {
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

    /** Runs {@code command} in {@code dir}, failing the test with its output when it fails. */
    public static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
