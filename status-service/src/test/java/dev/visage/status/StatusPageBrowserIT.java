package dev.visage.status;

import dev.visage.testing.LocalInfra;
import dev.visage.testing.LocalInfra.Service;
import dev.visage.status.testing.StatusStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in headless Chromium (src/test/browser/status.spec.mjs, playwright-core): all green; the real
 * Redis stops and the page turns amber with the suggestion, then green again when Redis is back, without a
 * reload and without polling. Skipped, saying why, where node, Chromium or playwright-core is missing.
 * The page as it looks while Redis is down is saved to target/status-page.png (docs/status-page.png is a copy).
 */
@QuarkusTest
@WithTestResource(StatusStack.class)
class StatusPageBrowserIT {

    private static final Path SPEC_DIR = Path.of("src/test/browser");

    @TestHTTPResource("/")
    URL root;

    @AfterEach
    void redisRunning() {
        LocalInfra.ensureRunning();
    }

    @Test
    void thePageFollowsARedisOutageAndItsRecoveryLive() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        assumeTrue(nodeVersion() != null, "Skipped: node is not installed (apt-get install -y nodejs npm)");
        assumeTrue(Files.isExecutable(chromium),
                "Skipped: no Chromium at " + chromium + " (apt-get install -y chromium, or set CHROMIUM_PATH)");
        assumeTrue(Files.isDirectory(SPEC_DIR.resolve("node_modules/playwright-core")),
                "Skipped: playwright-core is not installed: run `npm ci` in status-service/src/test/browser");

        ProcessBuilder builder = new ProcessBuilder("node", "status.spec.mjs", root.toString())
                .directory(SPEC_DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CHROMIUM_PATH", chromium.toString());
        builder.environment().put("STATUS_SCREENSHOT", Path.of("target/status-page.png").toAbsolutePath().toString());
        Process node = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            Thread watchdog = new Thread(() -> {
                try {
                    if (!node.waitFor(150, TimeUnit.SECONDS)) {
                        node.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            watchdog.setDaemon(true);
            watchdog.start();
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                System.out.println("[browser] " + line);
                switch (line) {
                    case "AWAIT redis-down" -> answer(in, () -> LocalInfra.stop(Service.REDIS));
                    case "AWAIT redis-up" -> answer(in, () -> LocalInfra.start(Service.REDIS));
                    default -> {
                        if (line.startsWith("AWAIT ")) {
                            fail("the browser test asked for an unknown action: " + line);
                        }
                    }
                }
            }
        } finally {
            node.waitFor(10, TimeUnit.SECONDS);
            node.destroyForcibly();
        }
        assertTrue(output.contains("PASS"), "the browser test failed:\n" + String.join("\n", output));
    }

    private static void answer(Writer in, Runnable action) throws IOException {
        action.run();
        in.write("done\n");
        in.flush();
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? version : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
