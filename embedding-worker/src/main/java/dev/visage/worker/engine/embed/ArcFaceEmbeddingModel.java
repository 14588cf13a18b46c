package dev.visage.worker.engine.embed;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.align.AlignedFace;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ArcFace-style recognition model on ONNX Runtime: 112x112 RGB input scaled to {@code (x - 127) / 128}, one
 * embedding per face, L2-normalised here.
 *
 * <p>fr_feature.onnx fixes its batch dimension at 1, so a list of faces is embedded by single-face runs on a
 * bounded pool (an ONNX Runtime session may be run from several threads at once). A model whose batch dimension
 * is dynamic gets the whole list in one run instead.
 */
public final class ArcFaceEmbeddingModel implements EmbeddingModel, AutoCloseable {

    private static final int SIZE = AlignedFace.SIZE;
    private static final int PIXELS = SIZE * SIZE;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final boolean batchDynamic;
    private final ExecutorService pool;

    public ArcFaceEmbeddingModel(OrtEnvironment environment, OrtSession session, int parallelism) {
        this.environment = environment;
        this.session = session;
        Map.Entry<String, TensorInfo> input = onlyInput(session);
        this.inputName = input.getKey();
        this.batchDynamic = input.getValue().getShape()[0] < 0;
        this.pool = batchDynamic ? null : Executors.newFixedThreadPool(Math.max(1, parallelism), daemonThreads());
    }

    /** Whether the model takes any number of faces in one run. */
    public boolean batchDynamic() {
        return batchDynamic;
    }

    @Override
    public List<float[]> embed(List<AlignedFace> faces) {
        if (faces.isEmpty()) {
            return List.of();
        }
        if (batchDynamic || faces.size() == 1) {
            return run(faces);
        }
        List<Future<List<float[]>>> runs = new ArrayList<>(faces.size());
        for (AlignedFace face : faces) {
            runs.add(pool.submit(() -> run(List.of(face))));
        }
        List<float[]> embeddings = new ArrayList<>(faces.size());
        try {
            for (Future<List<float[]>> single : runs) {
                embeddings.add(single.get().get(0));
            }
        } catch (InterruptedException e) {
            runs.forEach(single -> single.cancel(true));
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "interrupted while embedding", e);
        } catch (ExecutionException e) {
            runs.forEach(single -> single.cancel(true));
            if (e.getCause() instanceof EngineException engine) {
                throw engine;
            }
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "embedding failed: " + e.getCause(),
                    e.getCause());
        }
        return embeddings;
    }

    private List<float[]> run(List<AlignedFace> faces) {
        FloatBuffer batch = FloatBuffer.allocate(faces.size() * 3 * PIXELS);
        for (AlignedFace face : faces) {
            putRgbPlanes(face.bgr(), batch);
        }
        batch.flip();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch, new long[] {faces.size(), 3, SIZE, SIZE});
                OrtSession.Result result = session.run(Map.of(inputName, input))) {
            float[][] outputs = (float[][]) result.get(0).getValue();
            if (outputs.length != faces.size()) {
                throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "the recognition model gave "
                        + outputs.length + " embeddings for " + faces.size() + " faces");
            }
            List<float[]> embeddings = new ArrayList<>(outputs.length);
            for (float[] output : outputs) {
                embeddings.add(normalised(output));
            }
            return embeddings;
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "embedding failed: " + e.getMessage(), e);
        }
    }

    /** Interleaved BGR bytes to the model's planar R, G, B floats in [-0.99, 1]. */
    static void putRgbPlanes(byte[] bgr, FloatBuffer out) {
        int start = out.position();
        for (int i = 0; i < PIXELS; i++) {
            out.put(start + i, ((bgr[3 * i + 2] & 0xFF) - 127) / 128f);
            out.put(start + PIXELS + i, ((bgr[3 * i + 1] & 0xFF) - 127) / 128f);
            out.put(start + 2 * PIXELS + i, ((bgr[3 * i] & 0xFF) - 127) / 128f);
        }
        out.position(start + 3 * PIXELS);
    }

    static float[] normalised(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "the recognition model gave a zero "
                    + "embedding");
        }
        float inverse = (float) (1 / Math.sqrt(sum));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * inverse;
        }
        return unit;
    }

    private static Map.Entry<String, TensorInfo> onlyInput(OrtSession session) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() == 1) {
                Map.Entry<String, NodeInfo> input = inputs.entrySet().iterator().next();
                if (input.getValue().getInfo() instanceof TensorInfo tensor && tensor.getShape().length == 4) {
                    long[] shape = tensor.getShape();
                    if ((shape[0] == 1 || shape[0] < 0) && shape[1] == 3 && shape[2] == SIZE && shape[3] == SIZE) {
                        return Map.entry(input.getKey(), tensor);
                    }
                }
            }
            throw new EngineException(EngineException.Kind.MODEL_UNAVAILABLE, "the recognition model must take one "
                    + "[batch, 3, 112, 112] input, this one takes " + inputs.values()
                    + "; run models/install.sh to install fr_feature.onnx");
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.MODEL_UNAVAILABLE,
                    "the recognition model could not be read: " + e.getMessage(), e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "face-embedding-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "could not close the recognition model",
                    e);
        }
    }
}
