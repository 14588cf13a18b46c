package dev.visage.worker.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.align.FaceAligner;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.decode.ImageDecoder;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.detect.YuNetFaceDetector;
import dev.visage.worker.engine.embed.ArcFaceEmbeddingModel;
import dev.visage.worker.engine.liveness.LivenessModel;
import dev.visage.worker.engine.runtime.ExecutionProvider;
import dev.visage.worker.engine.runtime.ExecutionProviderChoice;
import dev.visage.worker.engine.runtime.ExecutionProviders;
import dev.visage.worker.engine.runtime.ModelFiles;
import dev.visage.worker.engine.runtime.OnnxRuntimeEnvironment;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgcodecs;

/** The face engine on ONNX Runtime: OpenCV decoding, YuNet detection, five-point alignment, fr_feature embeddings. */
public final class OnnxFaceEngine implements FaceEngine {

    public static final String MODEL_NAME =
            "fr_feature-512d (faceplugin-face-recognition-js@0.0.1) + YuNet-2023mar";

    private static final Logger LOG = Logger.getLogger(OnnxFaceEngine.class.getName());

    private final ImageDecoder decoder;
    private final YuNetFaceDetector detector;
    private final FaceAligner aligner;
    private final ArcFaceEmbeddingModel embeddingModel;
    private final LivenessModel livenessModel;
    private final ExecutionProviderChoice executionProvider;

    private OnnxFaceEngine(ImageDecoder decoder, YuNetFaceDetector detector, FaceAligner aligner,
            ArcFaceEmbeddingModel embeddingModel, LivenessModel livenessModel,
            ExecutionProviderChoice executionProvider) {
        this.livenessModel = livenessModel;
        this.decoder = decoder;
        this.detector = detector;
        this.aligner = aligner;
        this.embeddingModel = embeddingModel;
        this.executionProvider = executionProvider;
    }

    /**
     * Loads both models on the requested execution provider, or on CPU with a logged reason when CUDA is not in
     * this ONNX Runtime build or fails to start.
     *
     * @throws EngineException MODEL_UNAVAILABLE when a model file is missing, does not match the manifest or
     *                         cannot be loaded
     */
    public static OnnxFaceEngine open(EngineSettings settings) {
        return open(settings, ExecutionProviders.available());
    }

    /** As {@link #open(EngineSettings)}, as if this ONNX Runtime build offered {@code available}. */
    static OnnxFaceEngine open(EngineSettings settings, Set<ExecutionProvider> available) {
        ModelFiles models = ModelFiles.locate(settings.modelsDir());
        // OpenCV's native libraries load on first use, which takes seconds: now rather than in the first request.
        Loader.load(opencv_imgcodecs.class);
        Loader.load(opencv_dnn.class);
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        ExecutionProviderChoice choice = ExecutionProviders.choose(settings.provider(), available);
        OnnxFaceEngine engine;
        try {
            engine = start(settings, models, environment, choice);
        } catch (OrtException e) {
            if (choice.chosen() != ExecutionProvider.CUDA) {
                throw unloadable(e);
            }
            choice = ExecutionProviders.cudaFailedToStart(settings.provider(), e);
            try {
                engine = start(settings, models, environment, choice);
            } catch (OrtException onCpu) {
                throw unloadable(onCpu);
            }
        }
        if (choice.fellBack()) {
            LOG.warning(choice.reason());
        }
        return engine;
    }

    private static OnnxFaceEngine start(EngineSettings settings, ModelFiles models, OrtEnvironment environment,
            ExecutionProviderChoice choice) throws OrtException {
        try (OrtSession.SessionOptions options =
                ExecutionProviders.sessionOptions(choice.chosen(), settings.intraOpThreads())) {
            OrtSession detection = environment.createSession(models.detector().toString(), options);
            OrtSession recognition = null;
            OrtSession liveness = null;
            try {
                recognition = environment.createSession(models.recognition().toString(), options);
                liveness = environment.createSession(models.liveness().toString(), options);
                return new OnnxFaceEngine(new ImageDecoder(settings.maxImagePixels(), YuNetFaceDetector.INPUT_SIZE),
                        new YuNetFaceDetector(environment, detection, settings.scoreThreshold(),
                                settings.nmsThreshold(), settings.minFaceSize()),
                        new FaceAligner(),
                        new ArcFaceEmbeddingModel(environment, recognition, settings.embeddingParallelism()),
                        new LivenessModel(environment, liveness), choice);
            } catch (OrtException | RuntimeException e) {
                detection.close();
                if (recognition != null) {
                    recognition.close();
                }
                if (liveness != null) {
                    liveness.close();
                }
                throw e;
            }
        }
    }

    private static EngineException unloadable(OrtException e) {
        return new EngineException(EngineException.Kind.MODEL_UNAVAILABLE, "ONNX Runtime could not load the models ("
                + e.getMessage() + "); run models/install.sh to reinstall them", e);
    }

    @Override
    public DecodedImage decode(byte[] encoded) {
        return decoder.decode(encoded);
    }

    @Override
    public List<DetectedFace> detect(DecodedImage image) {
        return detector.detect(image);
    }

    @Override
    public AlignedFace align(DecodedImage image, DetectedFace face) {
        return aligner.align(image, face);
    }

    @Override
    public List<float[]> embed(List<AlignedFace> faces) {
        return embeddingModel.embed(faces);
    }

    @Override
    public double liveness(DecodedImage image, DetectedFace face) {
        return livenessModel.score(image, face);
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public ExecutionProviderChoice executionProvider() {
        return executionProvider;
    }

    @Override
    public void close() {
        try {
            embeddingModel.close();
        } finally {
            try {
                livenessModel.close();
            } finally {
                detector.close();
            }
        }
    }
}
