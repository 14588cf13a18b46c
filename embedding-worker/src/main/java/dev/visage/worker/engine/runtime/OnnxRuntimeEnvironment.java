package dev.visage.worker.engine.runtime;

import ai.onnxruntime.OrtEnvironment;
import dev.visage.worker.engine.EngineException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process's single ONNX Runtime environment, created on a thread with a large stack.
 *
 * <p>Creating the environment runs ONNX Runtime's telemetry set-up, which matches regular expressions against
 * the process command line with a recursive matcher: about 260 bytes of stack per character. A JVM started with a
 * long {@code -cp} (4,000 characters already) overflows the default 1 MB thread stack there and dies with SIGSEGV
 * and no Java error. Setting {@code ORT_DISABLE_TELEMETRY=1} also avoids it, but the engine cannot count on it.
 */
public final class OnnxRuntimeEnvironment {

    /** Room for command lines of about 250,000 characters; reserved, not committed, until used. */
    private static final long STACK_BYTES = 64L << 20;

    private OnnxRuntimeEnvironment() {
    }

    public static OrtEnvironment get() {
        AtomicReference<OrtEnvironment> environment = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread creator = new Thread(null, () -> {
            try {
                environment.set(OrtEnvironment.getEnvironment());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "onnxruntime-init", STACK_BYTES);
        creator.start();
        try {
            creator.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.MODEL_UNAVAILABLE,
                    "interrupted while starting ONNX Runtime", e);
        }
        if (failure.get() != null) {
            throw new EngineException(EngineException.Kind.MODEL_UNAVAILABLE,
                    "ONNX Runtime could not start: " + failure.get(), failure.get());
        }
        return environment.get();
    }
}
