package dev.visage.worker.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.visage.common.messaging.FaceAttributes;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.align.FaceAligner;
import dev.visage.worker.engine.attributes.AgeModel;
import dev.visage.worker.engine.attributes.EyeStateModel;
import dev.visage.worker.engine.attributes.FaceAttributeEstimator;
import dev.visage.worker.engine.attributes.FaceLandmarkModel;
import dev.visage.worker.engine.attributes.GenderModel;
import dev.visage.worker.engine.attributes.HeadPoseModel;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_dnn;
import org.bytedeco.opencv.global.opencv_imgcodecs;

/**
 * The face engine on ONNX Runtime: OpenCV decoding, YuNet detection, five-point alignment, fr_feature embeddings, and
 * the package's liveness and attribute models.
 */
public final class OnnxFaceEngine implements FaceEngine {

    public static final String MODEL_NAME =
            "fr_feature-512d (faceplugin-face-recognition-js@0.0.1) + YuNet-2023mar";

    private static final Logger LOG = Logger.getLogger(OnnxFaceEngine.class.getName());

    private final ImageDecoder decoder;
    private final YuNetFaceDetector detector;
    private final FaceAligner aligner;
    private final ArcFaceEmbeddingModel embeddingModel;
    private final LivenessModel livenessModel;
    private final FaceAttributeEstimator attributeEstimator;
    private final ExecutionProviderChoice executionProvider;

    private OnnxFaceEngine(ImageDecoder decoder, YuNetFaceDetector detector, FaceAligner aligner,
            ArcFaceEmbeddingModel embeddingModel, LivenessModel livenessModel,
            FaceAttributeEstimator attributeEstimator, ExecutionProviderChoice executionProvider) {
        this.livenessModel = livenessModel;
        this.attributeEstimator = attributeEstimator;
        this.decoder = decoder;
        this.detector = detector;
        this.aligner = aligner;
        this.embeddingModel = embeddingModel;
        this.executionProvider = executionProvider;
    }

    /**
     * Loads the models on the requested execution provider, or on CPU with a logged reason when CUDA is not in
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
        List<OrtSession> opened = new ArrayList<>();
        try (OrtSession.SessionOptions options =
                ExecutionProviders.sessionOptions(choice.chosen(), settings.intraOpThreads());
                OrtSession.SessionOptions ssrNetOptions =
                        ExecutionProviders.sessionOptions(choice.chosen(), settings.intraOpThreads())) {
            // The SSR-Net graphs list their initializers as inputs, which ONNX Runtime warns about some fifty times
            // per model at every start; harmless, and it would drown the start-up log.
            ssrNetOptions.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            OrtSession detection = open(environment, models.detector(), options, opened);
            OrtSession recognition = open(environment, models.recognition(), options, opened);
            OrtSession liveness = open(environment, models.liveness(), options, opened);
            FaceAttributeEstimator attributes = new FaceAttributeEstimator(
                    new AgeModel(environment, open(environment, models.age(), ssrNetOptions, opened)),
                    new GenderModel(environment, open(environment, models.gender(), ssrNetOptions, opened)),
                    new HeadPoseModel(environment, open(environment, models.headPose(), options, opened)),
                    new FaceLandmarkModel(environment, open(environment, models.landmarks(), options, opened)),
                    new EyeStateModel(environment, open(environment, models.eyeState(), options, opened)));
            return new OnnxFaceEngine(new ImageDecoder(settings.maxImagePixels(), YuNetFaceDetector.INPUT_SIZE),
                    new YuNetFaceDetector(environment, detection, settings.scoreThreshold(),
                            settings.nmsThreshold(), settings.minFaceSize()),
                    new FaceAligner(),
                    new ArcFaceEmbeddingModel(environment, recognition, settings.embeddingParallelism()),
                    new LivenessModel(environment, liveness), attributes, choice);
        } catch (OrtException | RuntimeException e) {
            for (OrtSession session : opened) {
                session.close();
            }
            throw e;
        }
    }

    /** A session for {@code model}, remembered in {@code opened} so that a later failure closes it. */
    private static OrtSession open(OrtEnvironment environment, Path model, OrtSession.SessionOptions options,
            List<OrtSession> opened) throws OrtException {
        OrtSession session = environment.createSession(model.toString(), options);
        opened.add(session);
        return session;
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
    public FaceAttributes attributes(DecodedImage image, DetectedFace face, Set<FaceAttributes.Kind> kinds) {
        return attributeEstimator.estimate(image, face, kinds);
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
                try {
                    attributeEstimator.close();
                } finally {
                    detector.close();
                }
            }
        }
    }
}
