package dev.visage.worker.engine.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.EnumSet;
import java.util.Set;

/** Which ONNX Runtime execution provider the engine runs on, and the session options that select it. */
public final class ExecutionProviders {

    private ExecutionProviders() {
    }

    /** The provider to use given what was asked for and what this ONNX Runtime build offers; CPU is always there. */
    public static ExecutionProviderChoice choose(ExecutionProvider requested, Set<ExecutionProvider> available) {
        if (requested == ExecutionProvider.CPU || available.contains(requested)) {
            return new ExecutionProviderChoice(requested, requested, null);
        }
        return new ExecutionProviderChoice(requested, ExecutionProvider.CPU, "CUDA was requested but this ONNX "
                + "Runtime build has no CUDA execution provider (the CPU artifact is on the classpath; build with "
                + "-Pgpu); running on CPU");
    }

    /** The fall-back when this build has CUDA but no session starts on it (no GPU, driver or CUDA libraries). */
    public static ExecutionProviderChoice cudaFailedToStart(ExecutionProvider requested, Exception cause) {
        return new ExecutionProviderChoice(requested, ExecutionProvider.CPU, "CUDA was requested and this ONNX "
                + "Runtime build has it, but it failed to start (" + String.valueOf(cause.getMessage()).strip()
                + "); check the GPU, its driver and the CUDA/cuDNN libraries; running on CPU");
    }

    /** The providers this ONNX Runtime build was compiled with; whether a GPU is really there shows only later. */
    public static Set<ExecutionProvider> available() {
        Set<ExecutionProvider> available = EnumSet.of(ExecutionProvider.CPU);
        if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            available.add(ExecutionProvider.CUDA);
        }
        return available;
    }

    /**
     * Options for a session on {@code provider}.
     *
     * @param intraOpThreads threads one inference may use; 0 leaves ONNX Runtime's default (one per core)
     */
    public static OrtSession.SessionOptions sessionOptions(ExecutionProvider provider, int intraOpThreads)
            throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Idle intra-op threads otherwise spin waiting for work, taking the cores that concurrent requests
            // and the other model's session need: measured on 2 cores, 2 concurrent callers went from 23 to 41
            // faces/s without it.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            if (provider == ExecutionProvider.CUDA) {
                options.addCUDA(0);
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
