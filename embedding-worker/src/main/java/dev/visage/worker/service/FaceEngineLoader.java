package dev.visage.worker.service;

import dev.visage.worker.config.WorkerConfig;
import dev.visage.worker.engine.EngineSettings;
import dev.visage.worker.engine.FaceEngine;
import dev.visage.worker.engine.OnnxFaceEngine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Loads the face engine once, at start-up. A worker whose models cannot be loaded stays up and says so: its
 * startup and readiness checks fail with the reason, and any request it receives is answered with an
 * {@code import_error} instead of being dropped.
 */
@ApplicationScoped
public class FaceEngineLoader {

    /**
     * The smallest face the detector reports. Faces between this and {@code visage.worker.detector.min-face-size}
     * are not described or embedded, only reported as undersized, so that a photo whose face is too small is told
     * so rather than told it has no face.
     */
    static final int DETECTION_FLOOR = 12;

    private static final Logger LOG = Logger.getLogger(FaceEngineLoader.class);

    private final WorkerConfig config;
    private volatile FaceEngine engine;
    private volatile String loadFailure = "the engine has not been loaded yet";
    private volatile long loadMillis;

    public FaceEngineLoader(WorkerConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        long start = System.nanoTime();
        try {
            engine = OnnxFaceEngine.open(new EngineSettings(
                    config.modelsDir(),
                    config.executionProvider(),
                    config.detector().scoreThreshold(),
                    config.detector().nmsThreshold(),
                    Math.min(config.detector().minFaceSize(), DETECTION_FLOOR),
                    config.maxImagePixels(),
                    config.intraOpThreads(),
                    config.parallelism()));
            loadFailure = null;
            loadMillis = (System.nanoTime() - start) / 1_000_000;
            LOG.infof("face engine loaded in %d ms: model %s, execution provider %s", loadMillis,
                    engine.modelName(), engine.executionProvider().chosen());
        } catch (RuntimeException | LinkageError e) {
            loadFailure = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            LOG.errorf("face engine could not be loaded from %s: %s", config.modelsDir(), loadFailure);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (engine != null) {
            engine.close();
        }
    }

    public Optional<FaceEngine> engine() {
        return Optional.ofNullable(engine);
    }

    /** Why the engine is not available, or empty when it is. */
    public Optional<String> loadFailure() {
        return Optional.ofNullable(loadFailure);
    }

    public long loadMillis() {
        return loadMillis;
    }
}
