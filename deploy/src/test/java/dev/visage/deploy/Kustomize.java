package dev.visage.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with {@code kubectl kustomize} (no cluster involved) and queries the result. */
final class Kustomize {

    private static final Map<Path, Rendered> CACHE = new HashMap<>();
    private static Optional<String> kubectl;

    private Kustomize() {
    }

    /** The kubectl executable on PATH, if any. */
    static synchronized Optional<String> kubectl() {
        if (kubectl == null) {
            kubectl = Optional.empty();
            String path = System.getenv().getOrDefault("PATH", "");
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    kubectl = Optional.of(candidate.toString());
                    break;
                }
            }
        }
        return kubectl;
    }

    static synchronized Rendered render(Path kustomizationDir) {
        return CACHE.computeIfAbsent(kustomizationDir.toAbsolutePath().normalize(), Kustomize::run);
    }

    private static Rendered run(Path dir) {
        String exe = kubectl().orElseThrow(() -> new IllegalStateException("kubectl not found"));
        try {
            Process process = new ProcessBuilder(exe, "kustomize", dir.toString()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + Repo.ROOT.relativize(dir) + " failed (exit "
                        + process.exitValue() + "):\n" + err.get());
            }
            return new Rendered(dir, parseAll(out.get()));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + exe, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static String slurp(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parseAll(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc instanceof Map<?, ?> m) {
                docs.add((Map<String, Object>) m);
            }
        }
        return docs;
    }

    /** The objects one kustomization renders to. */
    static final class Rendered {
        final Path dir;
        final List<Map<String, Object>> docs;

        Rendered(Path dir, List<Map<String, Object>> docs) {
            this.dir = dir;
            this.docs = docs;
        }

        String name() {
            return dir.getFileName().toString();
        }

        List<Map<String, Object>> ofKind(String kind) {
            return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Optional<Map<String, Object>> find(String kind, String name) {
            return ofKind(kind).stream().filter(d -> name.equals(Node.str(d, "metadata", "name"))).findFirst();
        }

        Map<String, Object> get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError(
                    this.name() + ": no " + kind + " named " + name + " is rendered"));
        }

        Map<String, Object> deployment(String name) {
            return get("Deployment", name);
        }

        /** The container of a Deployment named like the Deployment (one container per pod here). */
        Map<String, Object> container(String deployment) {
            return Node.maps(deployment(deployment), "spec", "template", "spec", "containers").stream()
                    .filter(c -> deployment.equals(c.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name() + ": Deployment " + deployment
                            + " has no container named " + deployment));
        }

        /** The data of a ConfigMap, or the decoded data of a Secret, by rendered name. */
        Map<String, String> data(String kind, String name) {
            Map<String, String> data = new LinkedHashMap<>();
            Map<String, Object> object = get(kind, name);
            Node.map(object, "data").forEach((k, v) -> data.put(k, "Secret".equals(kind)
                    ? new String(Base64.getDecoder().decode(String.valueOf(v)), StandardCharsets.UTF_8)
                    : String.valueOf(v)));
            Node.map(object, "stringData").forEach((k, v) -> data.put(k, String.valueOf(v)));
            return data;
        }

        /** A container's environment, envFrom expanded, in order (later entries win as in Kubernetes). */
        List<EnvVar> env(Map<String, Object> container) {
            List<EnvVar> env = new ArrayList<>();
            for (Map<String, Object> from : Node.maps(container, "envFrom")) {
                String prefix = Node.str(from, "prefix") == null ? "" : Node.str(from, "prefix");
                String cm = Node.str(from, "configMapRef", "name");
                String secret = Node.str(from, "secretRef", "name");
                if (cm != null) {
                    data("ConfigMap", cm).keySet().forEach(k -> env.add(new EnvVar(prefix + k, null, "ConfigMap", cm, k)));
                }
                if (secret != null) {
                    data("Secret", secret).keySet().forEach(k -> env.add(new EnvVar(prefix + k, null, "Secret", secret, k)));
                }
            }
            for (Map<String, Object> e : Node.maps(container, "env")) {
                String name = Node.str(e, "name");
                if (Node.at(e, "valueFrom", "configMapKeyRef") != null) {
                    env.add(new EnvVar(name, null, "ConfigMap", Node.str(e, "valueFrom", "configMapKeyRef", "name"),
                            Node.str(e, "valueFrom", "configMapKeyRef", "key")));
                } else if (Node.at(e, "valueFrom", "secretKeyRef") != null) {
                    env.add(new EnvVar(name, null, "Secret", Node.str(e, "valueFrom", "secretKeyRef", "name"),
                            Node.str(e, "valueFrom", "secretKeyRef", "key")));
                } else if (Node.at(e, "valueFrom") != null) {
                    env.add(new EnvVar(name, null, "field", null, null));
                } else {
                    env.add(new EnvVar(name, Node.str(e, "value") == null ? "" : Node.str(e, "value"), "literal", null, null));
                }
            }
            return env;
        }

        /** The effective value of an environment variable of a container, or null when it is not set. */
        String envValue(Map<String, Object> container, String name) {
            String value = null;
            for (EnvVar e : env(container)) {
                if (e.name().equals(name)) {
                    value = value(e);
                }
            }
            return value;
        }

        String value(EnvVar e) {
            return switch (e.source()) {
                case "literal" -> e.literal();
                case "ConfigMap", "Secret" -> find(e.source(), e.object())
                        .map(o -> data(e.source(), e.object()).get(e.key())).orElse(null);
                default -> null;
            };
        }
    }

    /** One environment variable of a container and where its value comes from. */
    record EnvVar(String name, String literal, String source, String object, String key) {
    }
}
