package dev.visage.api.console;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in headless Chromium at a phone's size (src/test/browser/console.spec.mjs, playwright-core): the key
 * kept for the tab, two photos verified with the verdict and the faces drawn, a subject created, enrolled and
 * identified, and a typed error shown with its suggestion. Skipped, saying why, where node, Chromium or
 * playwright-core is missing. The page after the verification is saved to target/console.png (docs/console.png is a
 * copy).
 */
@QuarkusTest
class ConsoleBrowserIT {

    private static final Path SPEC_DIR = Path.of("src/test/browser");

    @TestHTTPResource("/")
    URL root;

    @Test
    void aPersonVerifiesEnrolsAndIdentifiesInTheBrowser() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assumeTrue(succeeds("node", "--version"), "Skipped: node is not installed (apt-get install -y nodejs npm)");
        assumeTrue(Files.isExecutable(chromium),
                "Skipped: no Chromium at " + chromium + " (apt-get install -y chromium, or set CHROMIUM_PATH)");
        assumeTrue(Files.isDirectory(SPEC_DIR.resolve("node_modules/playwright-core")),
                "Skipped: playwright-core is not installed: run `npm ci` in face-api/src/test/browser");
        GatewayReadiness.await();

        Path photos = Files.createDirectories(Path.of("target", "console-photos"));
        ProcessBuilder builder = new ProcessBuilder("node", "console.spec.mjs", root.toString())
                .directory(SPEC_DIR.toFile()).redirectErrorStream(true);
        builder.environment().put("CHROMIUM_PATH", chromium.toString());
        builder.environment().put("API_KEY", Authorized.ADMIN_KEY);
        builder.environment().put("COLLECTION", "console-" + UUID.randomUUID().toString().substring(0, 8));
        builder.environment().put("PHOTO_SAME_1", write(photos, "img1.jpg", Photos.shared("img1.jpg")));
        builder.environment().put("PHOTO_SAME_2", write(photos, "img2.jpg", Photos.shared("img2.jpg")));
        builder.environment().put("PHOTO_NO_FACE", write(photos, "landscape.jpg", Photos.withoutFace()));
        builder.environment().put("CONSOLE_SCREENSHOT", Path.of("target/console.png").toAbsolutePath().toString());
        Process node = builder.start();
        String output;
        try {
            output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(180, TimeUnit.SECONDS), "the browser test did not finish");
        } finally {
            node.destroyForcibly();
        }
        System.out.println("[browser] " + output.replace("\n", "\n[browser] "));
        assertEquals(0, node.exitValue(), "the browser test failed:\n" + output);
        assertTrue(output.contains("PASS error"), output);
    }

    private static String write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes).toAbsolutePath().toString();
    }

    private static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
