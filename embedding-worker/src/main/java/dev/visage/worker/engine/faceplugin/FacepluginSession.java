package dev.visage.worker.engine.faceplugin;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.EngineException;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One faceplugin model's ONNX Runtime session: each of those models takes a single float tensor, and each port reads
 * what it needs of the answer. A failure is the engine's {@code INFERENCE_FAILED}, naming what was being estimated.
 */
public final class FacepluginSession implements AutoCloseable {

    /** What a port reads of the model's answer, while the answer is still open. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(OrtSession.Result result) throws OrtException;
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final String estimating;

    /** @param estimating what the model estimates, for error messages ("liveness", "head pose", …) */
    public FacepluginSession(OrtEnvironment environment, OrtSession session, String estimating) {
        this.environment = environment;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.estimating = estimating;
    }

    /** Runs the model on {@code input} laid out as {@code shape} and reads the answer. */
    public <T> T run(float[] input, long[] shape, Reader<T> reader) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            return reader.read(result);
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED,
                    estimating + " estimation failed: " + e.getMessage(), e);
        }
    }

    /** The model's first output, for models with one output of one row. */
    public static float[] firstRow(OrtSession.Result result) throws OrtException {
        return ((float[][]) result.get(0).getValue())[0];
    }

    /** The named output's first row. */
    public static float[] row(OrtSession.Result result, String output) throws OrtException {
        return ((float[][]) result.get(output).orElseThrow().getValue())[0];
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
