package dev.visage.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/compose/compose.yaml, the suite on one Docker host. No Docker engine runs where these tests run, so this
 * checks the file against the services (Dockerfiles, ports, the configuration they read), and runs
 * {@code docker compose config} only where a docker CLI is installed.
 */
@DisplayName("Docker Compose suite (deploy/compose/compose.yaml)")
class ComposeTest {

    static final Path COMPOSE = Repo.path("deploy/compose/compose.yaml");

    static Map<String, Object> compose() {
        return Kustomize.parseAll(Repo.read(COMPOSE)).get(0);
    }

    static Map<String, Object> service(String name) {
        Map<String, Object> s = Node.map(compose(), "services", name);
        assertTrue(!s.isEmpty(), "compose.yaml has no service " + name);
        return s;
    }

    /** A service's environment, whether written as a map or as a list of NAME=value. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (raw instanceof List<?> l) {
            for (Object o : l) {
                String entry = String.valueOf(o);
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : entry.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void everyVisageServiceIsBuiltFromItsDockerfileWithTheRepositoryAsContext() {
        Problems p = new Problems();
        for (ServiceConfig s : Repo.services()) {
            Map<String, Object> svc = service(s.name());
            Path context = COMPOSE.getParent().resolve(String.valueOf(Node.str(svc, "build", "context"))).normalize();
            p.check(context.equals(Repo.ROOT), s.name() + ": build context must be the repository root, is " + context);
            String dockerfile = Node.str(svc, "build", "dockerfile");
            p.check((s.name() + "/src/main/docker/Dockerfile.jvm").equals(dockerfile),
                    s.name() + ": must build " + s.name() + "/src/main/docker/Dockerfile.jvm, builds " + dockerfile);
            p.check(dockerfile != null && Files.isRegularFile(context.resolve(dockerfile)), s.name() + ": " + dockerfile + " does not exist");
        }
        p.assertNone();
    }

    @Test
    @DisplayName("Kafka (KRaft), PostgreSQL, Redis and Milvus standalone with its etcd and MinIO; face-api on Milvus")
    void theBackingServicesAreThereAndFaceApiUsesMilvus() {
        assertTrue(Node.str(service("kafka"), "image").startsWith("apache/kafka:"), "Kafka is the apache/kafka image");
        assertTrue(environment(service("kafka")).get("KAFKA_PROCESS_ROLES").contains("controller"), "Kafka runs in KRaft mode");
        for (String name : List.of("postgres", "redis", "milvus", "etcd", "minio")) {
            service(name);
        }
        Map<String, String> env = environment(service("face-api"));
        assertEquals("milvus", env.get("VISAGE_GALLERY_INDEX"));
        assertTrue(env.get("VISAGE_GALLERY_MILVUS_URI").contains("milvus:19530"), "face-api must reach the milvus service");
        Map<String, String> pg = environment(service("postgres"));
        assertEquals(pg.get("POSTGRES_USER"), env.get("VISAGE_DB_USER"), "face-api logs in as the user postgres creates");
        assertEquals(pg.get("POSTGRES_PASSWORD"), env.get("VISAGE_DB_PASSWORD"), "face-api's password is postgres'");
        assertTrue(env.get("VISAGE_DB_URL").endsWith("/" + pg.get("POSTGRES_DB")), "face-api uses the database postgres creates");
    }

    @Test
    void theVisageServicesAreGivenOnlyWhatTheyReadAndEverythingTheyNeed() {
        Problems p = new Problems();
        for (ServiceConfig s : Repo.services()) {
            Map<String, String> env = environment(service(s.name()));
            env.keySet().forEach(name -> p.check(s.reads(name), s.name() + " is given " + name + ", which it does not read"));
            s.envWithLocalDefault().forEach((name, def) -> {
                String value = env.get(name);
                p.check(value != null && !value.contains("127.0.0.1") && !value.contains("localhost"),
                        s.name() + " reads " + name + " (default " + def + ") and must be given a reachable value, is " + value);
            });
            p.check("0.0.0.0".equals(env.get("QUARKUS_HTTP_HOST")), s.name() + ": QUARKUS_HTTP_HOST must be 0.0.0.0");
            for (Object port : Node.list(service(s.name()), "ports")) {
                String mapping = String.valueOf(port);
                p.check(mapping.endsWith(":" + s.httpPort()), s.name() + " publishes " + mapping + ", but listens on " + s.httpPort());
            }
        }
        p.assertNone();
    }

    @Test
    @DisplayName("docker compose config accepts the file (only where a docker CLI is installed)")
    void dockerComposeAcceptsTheFile() throws Exception {
        String docker = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "docker");
            if (Files.isExecutable(candidate)) {
                docker = candidate.toString();
                break;
            }
        }
        assumeTrue(docker != null, "no docker CLI on PATH: `docker compose config` was NOT run on compose.yaml");
        Process version = new ProcessBuilder(docker, "compose", "version").redirectErrorStream(true).start();
        version.getInputStream().readAllBytes();
        assumeTrue(version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0,
                "the docker CLI has no compose plugin: `docker compose config` was NOT run on compose.yaml");
        Process process = new ProcessBuilder(docker, "compose", "-f", COMPOSE.toString(), "config", "--quiet")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker compose config did not finish");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), "docker compose config rejects compose.yaml:\n" + output);
    }
}
