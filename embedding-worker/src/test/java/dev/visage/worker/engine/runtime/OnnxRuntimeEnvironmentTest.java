package dev.visage.worker.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OnnxRuntimeEnvironmentTest {

    @Test
    void startsInAJvmWithAVeryLongCommandLine() throws IOException, InterruptedException {
        // 4,000 characters of command line already crash ONNX Runtime's start on a default 1 MB stack.
        String padding = "x".repeat(40_000);
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dpadding=" + padding, "-cp", System.getProperty("java.class.path"), Start.class.getName()))
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("started"), output);
    }

    /** Runs in the child JVM. */
    static final class Start {

        public static void main(String[] args) {
            OnnxRuntimeEnvironment.get();
            System.out.println("started");
        }
    }
}
