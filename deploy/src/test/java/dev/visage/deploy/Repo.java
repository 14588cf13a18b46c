package dev.visage.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository these tests check, and the Quarkus services in it. The services are found on disk (every
 * top-level directory whose {@code src/main/resources/application.properties} sets {@code quarkus.http.port}), not
 * listed here, so that a new service must come with its deployment material.
 */
final class Repo {

    static final Path ROOT = locateRoot();

    private static List<ServiceConfig> services;

    private Repo() {
    }

    private static Path locateRoot() {
        String configured = System.getProperty("visage.repo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("models"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + start);
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Quarkus service of the repository, by directory name. */
    static synchronized List<ServiceConfig> services() {
        if (services == null) {
            try (Stream<Path> dirs = Files.list(ROOT)) {
                services = dirs.filter(Files::isDirectory)
                        .filter(d -> Files.isRegularFile(d.resolve("src/main/resources/application.properties")))
                        .sorted()
                        .map(ServiceConfig::load)
                        .filter(s -> s.property("quarkus.http.port") != null)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (services.isEmpty()) {
                throw new IllegalStateException("no Quarkus service found under " + ROOT);
            }
        }
        return services;
    }

    static ServiceConfig service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no service module named " + name + " in " + ROOT));
    }
}
