package dev.visage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared fixtures live: the labelled photos in {@code ../shared/faces/deepface} and the installed models.
 * Surefire passes both directories as system properties; they are read, never copied into the repository.
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path sharedDir() {
        return Path.of(System.getProperty("visage.shared.dir", "../shared")).toAbsolutePath().normalize();
    }

    public static Path modelsDir() {
        return Path.of(System.getProperty("visage.models.dir", "models/installed")).toAbsolutePath().normalize();
    }

    public static Path photo(String name) {
        Path path = sharedDir().resolve("faces").resolve("deepface").resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test photo missing: " + path + " (is ../shared beside the checkout?)");
        }
        return path;
    }

    public static byte[] photoBytes(String name) {
        try {
            return Files.readAllBytes(photo(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
