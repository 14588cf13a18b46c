package dev.visage.deploy;

import dev.visage.deploy.Dockerfile.Instruction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container images, as their Dockerfiles describe them (no Docker engine is needed or used): each service's
 * JVM image runs its Quarkus fast-jar, listens on its port on every interface as a non-root user, and the worker
 * images carry the verified models.
 */
@DisplayName("Dockerfiles (<module>/src/main/docker) and .dockerignore")
class DockerfilesTest {

    /** Variables the images set for the Java launcher, not for the service. */
    static final Set<String> LAUNCHER_ENV = Set.of("JAVA_OPTS_APPEND", "JAVA_OPTS", "JAVA_APP_JAR", "LANGUAGE",
            "JAVA_HOME", "PATH");
    static final String WORKER = "embedding-worker";

    static Path dockerfile(ServiceConfig s, String name) {
        return s.dir().resolve("src/main/docker").resolve(name);
    }

    static List<Dockerfile> all() {
        List<Dockerfile> all = new java.util.ArrayList<>(Repo.services().stream()
                .map(s -> dockerfile(s, "Dockerfile.jvm")).filter(Dockerfile::exists).map(Dockerfile::read).toList());
        Path gpu = dockerfile(Repo.service(WORKER), "Dockerfile.gpu");
        if (Dockerfile.exists(gpu)) {
            all.add(Dockerfile.read(gpu));
        }
        return all;
    }

    static ServiceConfig serviceOf(Dockerfile d) {
        return Repo.services().stream().filter(s -> d.path.startsWith(s.dir())).findFirst().orElseThrow();
    }

    @Test
    void everyServiceHasAJvmDockerfileThatCopiesItsOwnQuarkusApp() {
        Problems p = new Problems();
        for (ServiceConfig s : Repo.services()) {
            List<String> names = s.name().equals(WORKER) ? List.of("Dockerfile.jvm", "Dockerfile.gpu") : List.of("Dockerfile.jvm");
            for (String name : names) {
                Path path = dockerfile(s, name);
                if (!Dockerfile.exists(path)) {
                    p.add(Repo.ROOT.relativize(path) + " is missing");
                    continue;
                }
                Dockerfile d = Dockerfile.read(path);
                List<String> sources = d.contextSources();
                p.check(sources.stream().anyMatch(src -> src.startsWith(s.name() + "/target/quarkus-app/lib")),
                        d + " must COPY " + s.name() + "/target/quarkus-app (the fast-jar), copies " + sources);
                p.check(sources.stream().filter(src -> src.contains("/target/")).allMatch(src -> src.startsWith(s.name() + "/")),
                        d + " copies another module's build output: " + sources);
                p.check(sources.contains(s.name() + "/target/quarkus-app/quarkus/") && sources.contains(s.name() + "/target/quarkus-app/app/")
                        && sources.contains(s.name() + "/target/quarkus-app/*.jar"), d + " must copy all of quarkus-app (lib, *.jar, app, quarkus)");
            }
        }
        p.assertNone();
    }

    @Test
    void imagesExposeTheModulePortAndListenOnEveryInterfaceAsANonRootUser() {
        Problems p = new Problems();
        for (Dockerfile d : all()) {
            ServiceConfig s = serviceOf(d);
            List<Instruction> image = d.finalStage();
            p.check(Dockerfile.args(image, "EXPOSE").contains(String.valueOf(s.httpPort())),
                    d + " must EXPOSE " + s.httpPort() + " (quarkus.http.port), exposes " + Dockerfile.args(image, "EXPOSE"));
            List<String> users = Dockerfile.args(image, "USER");
            String user = users.isEmpty() ? "root" : users.get(users.size() - 1);
            p.check(user.matches("[1-9]\\d*(:\\d+)?"), d + " must end as a numeric non-root USER (for runAsNonRoot), is " + user);
            Map<String, String> env = Dockerfile.env(image);
            p.check("0.0.0.0".equals(env.get("QUARKUS_HTTP_HOST")), d + " must set QUARKUS_HTTP_HOST=0.0.0.0");
            String opts = env.getOrDefault("JAVA_OPTS_APPEND", "");
            p.check(opts.matches(".*-XX:MaxRAMPercentage=\\d+.*"), d + " must size the heap from the container limit "
                    + "(JAVA_OPTS_APPEND -XX:MaxRAMPercentage=...), has " + opts);
            for (String name : env.keySet()) {
                p.check(LAUNCHER_ENV.contains(name) || s.reads(name), d + " sets " + name + ", which " + s.name() + " does not read");
            }
        }
        p.assertNone();
    }

    @Test
    void theGatewayAndStatusImagesGiveTheHeapThreeQuartersOfTheMemoryLimit() {
        for (Dockerfile d : all()) {
            if (!serviceOf(d).name().equals(WORKER)) {
                assertTrue(Dockerfile.env(d.finalStage()).get("JAVA_OPTS_APPEND").contains("-XX:MaxRAMPercentage=75"), d.toString());
            }
        }
    }

    @Test
    @DisplayName("face-api's image runs the collector the local launcher gives it (FACE_API_GC in deploy/local/lib.sh)")
    void theGatewayImageRunsTheLocalLaunchersCollector() throws IOException {
        String gc = Files.readAllLines(Repo.ROOT.resolve("deploy/local/lib.sh")).stream()
                .filter(line -> line.startsWith("FACE_API_GC=(")).findFirst()
                .map(line -> line.substring("FACE_API_GC=(".length(), line.lastIndexOf(')')))
                .orElseThrow(() -> new AssertionError("deploy/local/lib.sh must define FACE_API_GC=(...)"));
        assertFalse(gc.isBlank(), "FACE_API_GC is empty");
        String opts = Dockerfile.env(Dockerfile.read(dockerfile(Repo.service("face-api"), "Dockerfile.jvm"))
                .finalStage()).get("JAVA_OPTS_APPEND");
        for (String flag : gc.split("\\s+")) {
            assertTrue(List.of(opts.split("\\s+")).contains(flag),
                    "face-api's Dockerfile.jvm JAVA_OPTS_APPEND lacks " + flag + " of FACE_API_GC: " + opts);
        }
    }

    @Test
    @DisplayName("worker images install the models with models/install.sh at build time and point VISAGE_MODELS_DIR at them")
    void workerImagesCarryTheVerifiedModels() {
        ServiceConfig worker = Repo.service(WORKER);
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.gpu")) {
            Dockerfile d = Dockerfile.read(dockerfile(worker, name));
            List<Instruction> models = d.stage("models");
            assertFalse(models.isEmpty(), d + " needs a build stage named models");
            String install = Dockerfile.args(models, "RUN").stream().filter(r -> r.contains("models/install.sh"))
                    .findFirst().orElseThrow(() -> new AssertionError(d + ": the models stage must run models/install.sh"));
            String modelsDir = Dockerfile.env(d.finalStage()).get("VISAGE_MODELS_DIR");
            assertTrue(modelsDir != null && modelsDir.startsWith("/"), d + " must set VISAGE_MODELS_DIR to an absolute path");
            assertTrue(install.matches(".*models/install\\.sh\\s+" + modelsDir + "\\b.*"),
                    d + ": install.sh must install into " + modelsDir + ": " + install);
            assertTrue(Dockerfile.args(d.finalStage(), "COPY").stream().anyMatch(c -> c.matches("--from=models\\s+.*"
                    + modelsDir + "\\s+" + modelsDir)), d + " must copy " + modelsDir + " from the models stage");
        }
    }

    @Test
    @DisplayName("the GPU image: CUDA 12 + cuDNN base, a Java 25 runtime, the -Pgpu build, VISAGE_EXECUTION_PROVIDER=CUDA")
    void theGpuImageRunsTheGpuBuildOnCuda() {
        Dockerfile gpu = Dockerfile.read(dockerfile(Repo.service(WORKER), "Dockerfile.gpu"));
        String base = Dockerfile.args(gpu.all, "ARG").stream().filter(a -> a.startsWith("CUDA_IMAGE="))
                .findFirst().orElse("");
        assertTrue(base.matches("CUDA_IMAGE=nvidia/cuda:12\\.[\\d.]+-cudnn(9)?-runtime-ubuntu[\\d.]+"),
                "Dockerfile.gpu must build on nvidia/cuda:12.x-cudnn-runtime-ubuntu, has " + base);
        assertTrue(gpu.finalStage().get(0).args().contains("${CUDA_IMAGE}"), "the final stage must be FROM ${CUDA_IMAGE}");
        String jre = Dockerfile.args(gpu.all, "ARG").stream().filter(a -> a.startsWith("JRE_IMAGE="))
                .findFirst().orElse("");
        assertTrue(jre.matches("JRE_IMAGE=eclipse-temurin:25[\\w.-]*"), "Dockerfile.gpu must take Java 25, has " + jre);
        assertTrue(Dockerfile.args(gpu.finalStage(), "COPY").stream().anyMatch(c -> c.startsWith("--from=jre ")),
                "Dockerfile.gpu must copy the Java runtime from the jre stage");
        assertTrue(Dockerfile.args(gpu.finalStage(), "RUN").stream().anyMatch(r -> r.contains("onnxruntime_gpu")),
                "Dockerfile.gpu must refuse a build without -Pgpu (check for onnxruntime_gpu in lib/main)");
        assertEquals("CUDA", Dockerfile.env(gpu.finalStage()).get("VISAGE_EXECUTION_PROVIDER"));
    }

    @Test
    @DisplayName(".dockerignore lets through exactly what the Dockerfiles copy from the repository root")
    void theDockerignoreLetsThroughWhatTheDockerfilesCopy() {
        List<String> lines = Repo.read(Repo.path(".dockerignore")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals("*", lines.get(0), ".dockerignore must start by leaving everything out (*)");
        List<String> allowed = lines.stream().filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1).replaceAll("/\\*+$", "/").replaceAll("^/", "")).toList();
        Problems p = new Problems();
        for (Dockerfile d : all()) {
            for (String source : d.contextSources()) {
                String s = source.replaceAll("^\\./", "");
                p.check(allowed.stream().anyMatch(a -> s.startsWith(a) || (s.endsWith("/") && a.startsWith(s))),
                        d + " copies " + source + ", which .dockerignore leaves out of the context");
            }
        }
        for (String needed : List.of("models/install.sh", "models/manifest.json", "models/yunet/")) {
            p.check(allowed.contains(needed), ".dockerignore must let " + needed + " through");
        }
        p.check(allowed.stream().noneMatch(a -> a.startsWith("models/installed")), "models/installed must stay out of the context");
        p.assertNone();
    }
}
