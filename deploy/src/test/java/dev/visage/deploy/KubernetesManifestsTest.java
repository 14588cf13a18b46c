package dev.visage.deploy;

import dev.visage.deploy.Kustomize.EnvVar;
import dev.visage.deploy.Kustomize.Rendered;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Kubernetes material (deploy/k8s) as the cluster would receive it: every overlay rendered with
 * {@code kubectl kustomize}, then held to what the services are (their ports, health and metrics endpoints, and
 * the configuration they read, from each module's application.properties and config classes).
 */
@DisplayName("Kubernetes manifests (deploy/k8s/overlays/*, rendered with kubectl kustomize)")
class KubernetesManifestsTest {

    static final Path OVERLAYS = Repo.path("deploy/k8s/overlays");
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String NAME = "app.kubernetes.io/name";
    static final String COMPONENT = "app.kubernetes.io/component";
    static final String FACE_API = "face-api";
    static final String WORKER = "embedding-worker";
    /** Environment variables that carry credentials: they must come from a Secret. */
    static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|API_KEY|_USER|USERNAME).*");
    /** What each service needs from outside, beyond those whose default points at 127.0.0.1 (always required). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            FACE_API, List.of("KAFKA_BOOTSTRAP_SERVERS", "VISAGE_DB_URL", "VISAGE_DB_USER", "VISAGE_DB_PASSWORD",
                    "VISAGE_REDIS_URL", "QUARKUS_HTTP_HOST"),
            WORKER, List.of("KAFKA_BOOTSTRAP_SERVERS", "VISAGE_MODELS_DIR", "QUARKUS_HTTP_HOST"));


    static Stream<String> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The overlay as kubectl renders it; the calling test is skipped, saying why, where kubectl is absent. */
    static Rendered render(String overlay) {
        assumeTrue(Kustomize.kubectl().isPresent(), "kubectl is not on PATH, so the Kubernetes manifests were NOT "
                + "rendered or checked; install kubectl (1.27 or later, kustomize built in) to run these tests");
        return Kustomize.render(OVERLAYS.resolve(overlay));
    }

    static List<ServiceConfig> services() {
        return Repo.services();
    }

    @Test
    void thereIsACpuAndAGpuOverlay() {
        assertEquals(List.of("cpu", "gpu"), overlays().filter(o -> o.equals("cpu") || o.equals("gpu")).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceHasADeploymentAndAServiceAndEverythingIsLabelledPartOfVisage(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            String where = overlay + ": " + s.name();
            Map<String, Object> deployment = r.find("Deployment", s.name()).orElse(null);
            Map<String, Object> service = r.find("Service", s.name()).orElse(null);
            if (deployment == null || service == null) {
                p.add(where + ": needs a Deployment and a Service named " + s.name());
                continue;
            }
            Map<String, Object> podLabels = Node.map(deployment, "spec", "template", "metadata", "labels");
            for (Map<String, Object> labels : List.of(Node.map(deployment, "metadata", "labels"), podLabels,
                    Node.map(service, "metadata", "labels"))) {
                p.check(s.name().equals(labels.get(NAME)), where + ": " + NAME + " must be " + s.name() + ", is " + labels.get(NAME));
                p.check("visage".equals(labels.get(PART_OF)), where + ": " + PART_OF + " must be visage");
                p.check(labels.get(COMPONENT) != null, where + ": " + COMPONENT + " is missing");
            }
            Map<String, Object> selector = Node.map(deployment, "spec", "selector", "matchLabels");
            p.check(!selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet()),
                    where + ": the Deployment's selector " + selector + " does not select its own pods " + podLabels);
            Map<String, Object> serviceSelector = Node.map(service, "spec", "selector");
            p.check(!serviceSelector.isEmpty() && podLabels.entrySet().containsAll(serviceSelector.entrySet()),
                    where + ": the Service's selector " + serviceSelector + " does not select the pods " + podLabels);
        }
        for (Map<String, Object> doc : r.docs) {
            p.check("visage".equals(Node.str(doc, "metadata", "labels", PART_OF)),
                    overlay + ": " + doc.get("kind") + " " + Node.str(doc, "metadata", "name") + " lacks " + PART_OF + ": visage");
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theContainerPortIsTheQuarkusHttpPortOfTheModule(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            Map<String, Object> c = r.container(s.name());
            Integer http = containerPort(c, "http");
            p.check(Objects.equals(http, s.httpPort()), overlay + ": " + s.name() + " container port \"http\" is " + http
                    + ", but quarkus.http.port in " + s.name() + "/src/main/resources/application.properties is " + s.httpPort());
            String override = r.envValue(c, "QUARKUS_HTTP_PORT");
            p.check(override == null || override.equals(String.valueOf(s.httpPort())),
                    overlay + ": " + s.name() + " sets QUARKUS_HTTP_PORT=" + override + ", away from its container port");
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void probesUseTheQuarkusHealthEndpointsOnTheModulePort(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        for (ServiceConfig s : services()) {
            Map<String, Object> c = r.container(s.name());
            paths.forEach((probe, path) -> {
                String where = overlay + ": " + s.name() + " " + probe;
                if (Node.at(c, probe, "httpGet") == null) {
                    p.add(where + ": missing (must be an httpGet on " + path + ")");
                    return;
                }
                p.check(path.equals(Node.str(c, probe, "httpGet", "path")),
                        where + ": path is " + Node.str(c, probe, "httpGet", "path") + ", must be " + path);
                Integer port = resolvePort(c, Node.at(c, probe, "httpGet", "port"));
                p.check(Objects.equals(port, s.httpPort()), where + ": port resolves to " + port + ", must be " + s.httpPort());
            });
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void podsAreAnnotatedForPrometheusToScrapeQMetricsOnTheModulePort(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            Map<String, Object> a = Node.map(r.deployment(s.name()), "spec", "template", "metadata", "annotations");
            String where = overlay + ": " + s.name() + " pod annotation ";
            p.check("true".equals(a.get("prometheus.io/scrape")), where + "prometheus.io/scrape must be \"true\"");
            p.check("/q/metrics".equals(a.get("prometheus.io/path")), where + "prometheus.io/path must be /q/metrics");
            p.check(String.valueOf(s.httpPort()).equals(a.get("prometheus.io/port")),
                    where + "prometheus.io/port is " + a.get("prometheus.io/port") + ", must be " + s.httpPort());
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void aServiceMonitorScrapesQMetricsOfEveryService(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            Map<String, Object> service = r.get("Service", s.name());
            Map<String, Object> serviceLabels = Node.map(service, "metadata", "labels");
            List<Map<String, Object>> monitors = r.ofKind("ServiceMonitor").stream()
                    .filter(m -> "monitoring.coreos.com/v1".equals(m.get("apiVersion")))
                    .filter(m -> {
                        Map<String, Object> sel = Node.map(m, "spec", "selector", "matchLabels");
                        return !sel.isEmpty() && serviceLabels.entrySet().containsAll(sel.entrySet());
                    }).toList();
            if (monitors.size() != 1) {
                p.add(overlay + ": " + s.name() + " must be selected by exactly one ServiceMonitor, is by " + monitors.size());
                continue;
            }
            for (Map<String, Object> endpoint : Node.maps(monitors.get(0), "spec", "endpoints")) {
                String where = overlay + ": ServiceMonitor " + Node.str(monitors.get(0), "metadata", "name");
                p.check("/q/metrics".equals(Node.str(endpoint, "path")), where + ": path must be /q/metrics");
                Map<String, Object> servicePort = Node.maps(service, "spec", "ports").stream()
                        .filter(sp -> Objects.equals(sp.get("name"), endpoint.get("port"))).findFirst().orElse(null);
                if (servicePort == null) {
                    p.add(where + ": port " + endpoint.get("port") + " is not a port name of Service " + s.name());
                    continue;
                }
                Integer target = resolvePort(r.container(s.name()), servicePort.getOrDefault("targetPort", servicePort.get("port")));
                p.check(Objects.equals(target, s.httpPort()), where + ": scrapes container port " + target + ", must be " + s.httpPort());
            }
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyEnvironmentVariableSetIsOneTheServiceReads(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            for (EnvVar e : r.env(r.container(s.name()))) {
                p.check(s.reads(e.name()), overlay + ": " + s.name() + " is given " + e.name() + ", which " + s.name()
                        + " does not read (no ${" + e.name() + "} in its application.properties, and no property of it,"
                        + " of its config classes or of " + ServiceConfig.QUARKUS_RUNTIME + " maps to that name)");
            }
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyConfigMapAndSecretKeyIsUsedAndReadBySomeService(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        List<EnvVar> used = services().stream().flatMap(s -> r.env(r.container(s.name())).stream()).toList();
        for (String kind : List.of("ConfigMap", "Secret")) {
            for (Map<String, Object> object : r.ofKind(kind)) {
                String name = Node.str(object, "metadata", "name");
                for (String key : r.data(kind, name).keySet()) {
                    p.check(used.stream().anyMatch(e -> kind.equals(e.source()) && name.equals(e.object()) && key.equals(e.key())),
                            overlay + ": " + kind + " " + name + " key " + key + " is given to no container");
                    p.check(services().stream().anyMatch(s -> s.reads(key)),
                            overlay + ": " + kind + " " + name + " key " + key + " is read by no service");
                }
            }
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void whatEachServiceNeedsFromOutsideIsProvided(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            Map<String, Object> c = r.container(s.name());
            String where = overlay + ": " + s.name();
            s.envWithLocalDefault().forEach((env, def) -> {
                String value = r.envValue(c, env);
                p.check(value != null && !value.isBlank() && !value.contains("127.0.0.1") && !value.contains("localhost"),
                        where + " reads " + env + " (default " + def + ", this machine): it must be set to something "
                                + "reachable from the pod, is " + value);
            });
            for (String env : s.envReferences().keySet()) {
                p.check(!CREDENTIAL.matcher(env).matches() || r.envValue(c, env) != null,
                        where + " reads the credential " + env + ", which is not provided (its default is for development only)");
            }
            for (String env : REQUIRED.getOrDefault(s.name(), List.of())) {
                String value = r.envValue(c, env);
                p.check(value != null && !value.isBlank(), where + " needs " + env + ", which is not provided");
            }
            p.check("0.0.0.0".equals(r.envValue(c, "QUARKUS_HTTP_HOST")),
                    where + ": QUARKUS_HTTP_HOST must be 0.0.0.0 (probes and Services reach the pod's IP)");
            if ("milvus".equals(r.envValue(c, "VISAGE_GALLERY_INDEX"))) {
                String uri = r.envValue(c, "VISAGE_GALLERY_MILVUS_URI");
                p.check(uri != null && !uri.isBlank(), where + ": VISAGE_GALLERY_INDEX=milvus needs VISAGE_GALLERY_MILVUS_URI");
            }
            String models = r.envValue(c, "VISAGE_MODELS_DIR");
            p.check(models == null || models.startsWith("/"), where + ": VISAGE_MODELS_DIR must be absolute, is " + models);
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void credentialsComeFromSecretsOnly(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            for (EnvVar e : r.env(r.container(s.name()))) {
                p.check(!CREDENTIAL.matcher(e.name()).matches() || "Secret".equals(e.source()),
                        overlay + ": " + s.name() + " gets " + e.name() + " from a " + e.source() + "; credentials come from a Secret");
            }
        }
        for (Map<String, Object> cm : r.ofKind("ConfigMap")) {
            for (String key : Node.map(cm, "data").keySet()) {
                p.check(!CREDENTIAL.matcher(key).matches(), overlay + ": ConfigMap key " + key + " looks like a credential");
            }
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shutdownIsGracefulAndOutlastsTheApiWorkerTimeout(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            Map<String, Object> deployment = r.deployment(s.name());
            Map<String, Object> c = r.container(s.name());
            String where = overlay + ": " + s.name();
            String graceText = Node.str(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds");
            Duration grace = Duration.ofSeconds(graceText == null ? 30 : Long.parseLong(graceText));
            Duration preStop = preStopSleep(c);
            String shutdownText = r.envValue(c, "QUARKUS_SHUTDOWN_TIMEOUT");
            if (shutdownText == null) {
                p.add(where + ": QUARKUS_SHUTDOWN_TIMEOUT is not set, so Quarkus does not wait for running requests");
                continue;
            }
            Duration shutdown = Durations.parse(shutdownText);
            p.check(grace.compareTo(preStop.plus(shutdown)) > 0, where + ": terminationGracePeriodSeconds " + grace.toSeconds()
                    + " s must exceed preStop " + preStop.toSeconds() + " s + QUARKUS_SHUTDOWN_TIMEOUT " + shutdown.toSeconds() + " s");
            if (!"None".equals(Node.str(r.get("Service", s.name()), "spec", "clusterIP"))) {
                p.check(!preStop.isZero(), where + ": takes traffic through a Service, so it needs a preStop sleep while "
                        + "its endpoint is removed");
            }
            if (s.name().equals(FACE_API)) {
                Duration workerTimeout = Durations.parse(Objects.requireNonNull(effective(r, c, s, "VISAGE_API_WORKER_TIMEOUT"),
                        "face-api's worker timeout (visage.api.worker.timeout) is unknown"));
                p.check(shutdown.compareTo(workerTimeout) >= 0, where + ": QUARKUS_SHUTDOWN_TIMEOUT " + shutdownText
                        + " is shorter than the worker timeout " + workerTimeout + ": requests waiting for a worker would be cut");
                p.check(grace.compareTo(workerTimeout.plus(preStop)) > 0, where + ": terminationGracePeriodSeconds "
                        + grace.toSeconds() + " s must exceed the worker timeout " + workerTimeout.toSeconds() + " s + preStop");
            }
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void containersRunAsNonRootWithResourceRequestsAndLimits(String overlay) {
        Rendered r = render(overlay);
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            Map<String, Object> podSpec = Node.map(r.deployment(s.name()), "spec", "template", "spec");
            Map<String, Object> c = r.container(s.name());
            String where = overlay + ": " + s.name();
            p.check("true".equals(Node.str(podSpec, "securityContext", "runAsNonRoot"))
                    || "true".equals(Node.str(c, "securityContext", "runAsNonRoot")), where + ": runAsNonRoot must be true");
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    p.check(Node.str(c, "resources", kind, resource) != null, where + ": resources." + kind + "." + resource + " missing");
                }
            }
        }
        p.assertNone();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void anEmbeddedGalleryIndexMeansASingleFaceApiReplica(String overlay) {
        Rendered r = render(overlay);
        Map<String, Object> c = r.container(FACE_API);
        String index = effective(r, c, Repo.service(FACE_API), "VISAGE_GALLERY_INDEX");
        if (!"milvus".equals(index)) {
            String replicas = Node.str(r.deployment(FACE_API), "spec", "replicas");
            assertTrue(replicas == null || Integer.parseInt(replicas) <= 1, overlay + ": the " + index
                    + " gallery index lives on one pod's disk, so face-api cannot have " + replicas + " replicas");
            assertTrue(autoscalersOf(r, FACE_API).isEmpty(), overlay + ": face-api with the embedded index cannot autoscale");
        }
    }

    @Test
    @DisplayName("cpu: workers on ordinary nodes, the CPU image, scaled by an HPA on CPU")
    void cpuOverlayRunsCpuWorkersScaledOnCpu() {
        Rendered r = render("cpu");
        Map<String, Object> worker = r.deployment(WORKER);
        Map<String, Object> c = r.container(WORKER);
        assertFalse(String.valueOf(Node.str(c, "image")).contains("gpu"), "cpu overlay runs the GPU image " + Node.str(c, "image"));
        assertNull(Node.at(c, "resources", "limits", "nvidia.com/gpu"), "cpu workers must not ask for a GPU");
        String provider = r.envValue(c, "VISAGE_EXECUTION_PROVIDER");
        assertTrue(provider == null || provider.equals("CPU"), "cpu workers ask for execution provider " + provider);
        assertTrue(Node.list(worker, "spec", "template", "spec", "tolerations").stream()
                .noneMatch(t -> "nvidia.com/gpu".equals(Node.str(t, "key"))), "cpu workers must not tolerate the GPU taint");

        List<Map<String, Object>> hpas = autoscalersOf(r, WORKER);
        assertEquals(1, hpas.size(), "exactly one autoscaler for the workers");
        Map<String, Object> hpa = hpas.get(0);
        assertEquals("HorizontalPodAutoscaler", hpa.get("kind"));
        assertEquals("autoscaling/v2", hpa.get("apiVersion"));
        assertTrue(Node.maps(hpa, "spec", "metrics").stream().anyMatch(m -> "Resource".equals(m.get("type"))
                && "cpu".equals(Node.str(m, "resource", "name"))), "the worker HPA scales on CPU");
        assertWorkersNeverOutnumberPartitions(r, Integer.parseInt(Node.str(hpa, "spec", "maxReplicas")));
        assertNull(Node.at(worker, "spec", "replicas"), "the autoscaler owns the worker count: no spec.replicas");
    }

    @Test
    @DisplayName("gpu: the CUDA image, one nvidia.com/gpu, GPU nodes and taint, KEDA on the workers' Kafka lag")
    void gpuOverlayRunsCudaWorkersOnGpuNodesScaledOnKafkaLag() {
        Rendered r = render("gpu");
        Map<String, Object> worker = r.deployment(WORKER);
        Map<String, Object> c = r.container(WORKER);
        Map<String, Object> podSpec = Node.map(worker, "spec", "template", "spec");
        assertNotEquals(Node.str(render("cpu").container(WORKER), "image"), Node.str(c, "image"),
                "the gpu overlay must run the GPU image (Dockerfile.gpu), not the CPU one");
        String gpus = Node.str(c, "resources", "limits", "nvidia.com/gpu");
        assertTrue(gpus != null && Integer.parseInt(gpus) >= 1, "GPU workers need resources.limits nvidia.com/gpu, have " + gpus);
        assertTrue(Node.maps(podSpec, "tolerations").stream().anyMatch(t -> "nvidia.com/gpu".equals(t.get("key"))),
                "GPU workers must tolerate the nvidia.com/gpu taint");
        assertTrue(!Node.map(podSpec, "nodeSelector").isEmpty() || Node.at(podSpec, "affinity", "nodeAffinity") != null,
                "GPU workers must be held to GPU nodes (nodeSelector or node affinity)");
        assertEquals("CUDA", r.envValue(c, "VISAGE_EXECUTION_PROVIDER"));

        ServiceConfig workerConfig = Repo.service(WORKER);
        String channel = "mp.messaging.incoming." + incomingKafkaChannel(workerConfig) + ".";
        List<Map<String, Object>> scalers = autoscalersOf(r, WORKER);
        assertEquals(1, scalers.size(), "exactly one autoscaler for the workers (KEDA owns the HPA it creates)");
        Map<String, Object> scaled = scalers.get(0);
        assertEquals("ScaledObject", scaled.get("kind"));
        assertEquals("keda.sh/v1alpha1", scaled.get("apiVersion"));
        Map<String, Object> trigger = Node.maps(scaled, "spec", "triggers").stream()
                .filter(t -> "kafka".equals(t.get("type"))).findFirst()
                .orElseThrow(() -> new AssertionError("the ScaledObject needs a kafka trigger"));
        assertEquals(orContract(workerConfig.property(channel + "group.id"), "KafkaContract.WORKER_GROUP"),
                Node.str(trigger, "metadata", "consumerGroup"), "the trigger must watch the workers' consumer group");
        assertEquals(orContract(workerConfig.property(channel + "topic"), "KafkaContract.REQUEST_TOPIC"),
                Node.str(trigger, "metadata", "topic"), "the trigger must watch the workers' request topic");
        String reset = workerConfig.property(channel + "auto.offset.reset");
        if (reset != null) {
            assertEquals(reset, Node.str(trigger, "metadata", "offsetResetPolicy"), "offsetResetPolicy must match the workers'");
        }
        String fromEnv = Node.str(trigger, "metadata", "bootstrapServersFromEnv");
        assertTrue(fromEnv != null ? r.envValue(c, fromEnv) != null : Node.str(trigger, "metadata", "bootstrapServers") != null,
                "the trigger's Kafka bootstrap servers must be given, or taken from a variable the worker container has");
        assertWorkersNeverOutnumberPartitions(r, Integer.parseInt(Node.str(scaled, "spec", "maxReplicaCount")));
        assertNull(Node.at(worker, "spec", "replicas"), "the autoscaler owns the worker count: no spec.replicas");
    }

    @Test
    void theGatewayAndStatusImagesAreTheSameInEveryOverlayAndEachImageIsItsModules() {
        Problems p = new Problems();
        for (ServiceConfig s : services()) {
            List<String> images = overlays().map(o -> Node.str(render(o).container(s.name()), "image")).distinct().toList();
            if (!s.name().equals(WORKER)) {
                p.check(images.size() == 1, s.name() + " runs different images in different overlays: " + images);
            }
            for (String image : images) {
                String repository = image.replaceAll("[:@].*$", "");
                p.check(repository.substring(repository.lastIndexOf('/') + 1).startsWith(s.name()),
                        s.name() + " runs image " + image + ", which is not named after it");
            }
        }
        p.assertNone();
    }

    // --- helpers ---

    static void assertNull(Object value, String message) {
        assertTrue(value == null, message + " (found " + value + ")");
    }

    /** How many partitions visage.embedding.requests gets (face-api creates it): the most workers that get work. */
    static void assertWorkersNeverOutnumberPartitions(Rendered r, int maxWorkers) {
        String partitions = effective(r, r.container(FACE_API), Repo.service(FACE_API), "VISAGE_API_WORKER_PARTITIONS");
        assertNotNull(partitions, "face-api's visage.api.worker.partitions default was not found in its config classes");
        assertTrue(maxWorkers <= Integer.parseInt(partitions), r.name() + ": up to " + maxWorkers + " workers, but the "
                + "request topic has " + partitions + " partitions: the extra workers would sit idle");
    }

    /** The value a service runs with: what the container sets, else the service's own default. */
    static String effective(Rendered r, Map<String, Object> container, ServiceConfig s, String env) {
        String value = r.envValue(container, env);
        return value != null ? value : s.defaultFor(env);
    }

    static List<Map<String, Object>> autoscalersOf(Rendered r, String deployment) {
        return Stream.concat(r.ofKind("HorizontalPodAutoscaler").stream(), r.ofKind("ScaledObject").stream())
                .filter(a -> deployment.equals(Node.str(a, "spec", "scaleTargetRef", "name")))
                .toList();
    }

    static String incomingKafkaChannel(ServiceConfig s) {
        List<String> channels = s.properties().entrySet().stream()
                .filter(e -> e.getKey().startsWith("mp.messaging.incoming.") && e.getKey().endsWith(".connector")
                        && "smallrye-kafka".equals(e.getValue()))
                .map(e -> e.getKey().substring("mp.messaging.incoming.".length(),
                        e.getKey().length() - ".connector".length()))
                .toList();
        assertEquals(1, channels.size(), s.name() + " should consume one Kafka channel: " + channels);
        return channels.get(0);
    }

    /**
     * A channel setting of application.properties, else the suite's wire contract: the worker takes its topic and
     * group names from common's KafkaContract unless its properties rename them.
     */
    static String orContract(String configured, String constant) {
        return configured != null ? configured
                : ConfigClasses.resolve(constant, ConfigClasses.constants(Repo.read(Repo.path(
                "common/src/main/java/dev/visage/common/messaging/KafkaContract.java"))));
    }

    static Integer containerPort(Map<String, Object> container, String name) {
        return Node.maps(container, "ports").stream().filter(p -> name.equals(p.get("name")))
                .map(p -> Integer.valueOf(String.valueOf(p.get("containerPort")))).findFirst().orElse(null);
    }

    /** A probe's or Service's port (a number, or the name of a container port) as a number. */
    static Integer resolvePort(Map<String, Object> container, Object port) {
        if (port == null) {
            return null;
        }
        String text = String.valueOf(port);
        return text.matches("\\d+") ? Integer.valueOf(text) : containerPort(container, text);
    }

    static Duration preStopSleep(Map<String, Object> container) {
        String seconds = Node.str(container, "lifecycle", "preStop", "sleep", "seconds");
        if (seconds != null) {
            return Duration.ofSeconds(Long.parseLong(seconds));
        }
        List<Object> command = Node.list(container, "lifecycle", "preStop", "exec", "command");
        String joined = String.join(" ", command.stream().map(String::valueOf).toList());
        java.util.regex.Matcher m = Pattern.compile("\\bsleep\\s+(\\d+)").matcher(joined);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : Duration.ZERO;
    }
}
