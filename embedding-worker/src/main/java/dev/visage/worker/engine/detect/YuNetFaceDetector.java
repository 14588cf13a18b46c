package dev.visage.worker.engine.detect;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.decode.DecodedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * YuNet (2023mar) run on ONNX Runtime, so that it runs on the same execution provider as the recognition model.
 * The dynamic-input export is run at the photo's own size (long side at most 640, padded to a multiple of 32), so
 * a small photo or a tight crop costs what its pixels cost instead of a full 640x640 pass; the fixed 640x640
 * export is still accepted, with every photo letterboxed into its square.
 */
public final class YuNetFaceDetector implements FaceDetector, AutoCloseable {

    public static final int INPUT_SIZE = 640;
    /** YuNet's coarsest stride: a dynamic input's sides must be multiples of it. */
    public static final int INPUT_MULTIPLE = 32;

    private static final long[] FIXED_SHAPE = {1, 3, INPUT_SIZE, INPUT_SIZE};

    /** Share of the photo's area above which a face is also looked for in the middle of a larger canvas. */
    private static final float FILLS_FRAME = 0.5f;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final boolean dynamicInput;
    private final float scoreThreshold;
    private final float nmsThreshold;
    private final int minFaceSize;

    public YuNetFaceDetector(OrtEnvironment environment, OrtSession session, float scoreThreshold,
            float nmsThreshold, int minFaceSize) {
        this.environment = environment;
        this.session = session;
        Map.Entry<String, long[]> input = onlyInput(session);
        this.inputName = input.getKey();
        this.dynamicInput = !Arrays.equals(input.getValue(), FIXED_SHAPE);
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
        this.minFaceSize = minFaceSize;
    }

    /** Whether the model takes inputs of any size (and is run at each photo's own). */
    public boolean dynamicInput() {
        return dynamicInput;
    }

    @Override
    public List<DetectedFace> detect(DecodedImage image) {
        Mat photo = image.mat();
        int w = photo.cols();
        int h = photo.rows();
        List<DetectedFace> found = detectIn(photo, dynamicInput ? Letterbox.own(w, h, INPUT_SIZE, INPUT_MULTIPLE)
                : Letterbox.fit(w, h, INPUT_SIZE));
        if (found.isEmpty() || fillsFrame(found.get(0), photo)) {
            List<DetectedFace> inMiddle = detectIn(photo, dynamicInput
                    ? Letterbox.ownMiddle(w, h, INPUT_SIZE, INPUT_MULTIPLE) : Letterbox.middle(w, h, INPUT_SIZE));
            if (!inMiddle.isEmpty() && (found.isEmpty() || inMiddle.get(0).score() > found.get(0).score())) {
                found = inMiddle;
            }
        }
        double sx = (double) w / image.width();
        double sy = (double) h / image.height();
        List<DetectedFace> faces = new ArrayList<>(found.size());
        for (DetectedFace face : found) {
            DetectedFace clipped = clip(inPhoto(face, sx, sy), image.width(), image.height());
            if (Math.min(clipped.width(), clipped.height()) >= minFaceSize) {
                faces.add(clipped);
            }
        }
        return faces;
    }

    /** A face found in pixels decoded at (sx, sy) times the photo's size, in the photo's own pixels. */
    private static DetectedFace inPhoto(DetectedFace face, double sx, double sy) {
        if (sx == 1 && sy == 1) {
            return face;
        }
        float[] landmarks = new float[face.landmarks().length];
        for (int i = 0; i < landmarks.length; i += 2) {
            landmarks[i] = (float) (face.landmarks()[i] / sx);
            landmarks[i + 1] = (float) (face.landmarks()[i + 1] / sy);
        }
        return new DetectedFace((float) (face.x() / sx), (float) (face.y() / sy), (float) (face.width() / sx),
                (float) (face.height() / sy), landmarks, face.score());
    }

    /**
     * Whether the face fills so much of the photo that YuNet sees it poorly. Trained on faces with context
     * around them, YuNet scores a face filling the frame low or misses it, and places its landmarks badly; apps
     * send such tight crops after detecting on the device. Placed in the middle of a canvas twice its size the
     * same face fills at most half the frame: measured on crops inside the deepface faces' boxes, every face is
     * then found, at a score of about 0.9, and its embedding comes closer to the one from the whole photo. No
     * whole deepface photo has its face over 43% of the frame.
     */
    private static boolean fillsFrame(DetectedFace face, Mat photo) {
        return face.area() > FILLS_FRAME * photo.cols() * photo.rows();
    }

    /** Faces in the photo's coordinates, before clipping. */
    private List<DetectedFace> detectIn(Mat photo, Letterbox letterbox) {
        // INTER_AREA averages the pixels a shrink drops, which keeps small faces in large photos recognisable.
        int interpolation = letterbox.scale() < 1 ? INTER_AREA : INTER_LINEAR;
        try (Mat resized = new Mat();
                Mat square = new Mat();
                Size size = new Size(letterbox.width(), letterbox.height());
                Scalar black = new Scalar(0.0)) {
            resize(photo, resized, size, 0, 0, interpolation);
            copyMakeBorder(resized, square, letterbox.top(), letterbox.bottom(), letterbox.left(),
                    letterbox.right(), BORDER_CONSTANT, black);
            YuNetDecoder decoder = new YuNetDecoder(letterbox.inputWidth(), letterbox.inputHeight(), scoreThreshold,
                    nmsThreshold);
            List<DetectedFace> faces = new ArrayList<>();
            for (DetectedFace face : decoder.decode(run(square, letterbox))) {
                faces.add(letterbox.toPhoto(face));
            }
            return faces;
        }
    }

    private Map<String, float[]> run(Mat square, Letterbox letterbox) {
        long[] shape = {1, 3, letterbox.inputHeight(), letterbox.inputWidth()};
        try (Mat blob = blobFromImage(square);
                OnnxTensor input = OnnxTensor.createTensor(environment, (FloatBuffer) blob.createBuffer(), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input))) {
            Map<String, float[]> outputs = new HashMap<>();
            for (Map.Entry<String, OnnxValue> output : result) {
                FloatBuffer values = ((OnnxTensor) output.getValue()).getFloatBuffer();
                float[] array = new float[values.remaining()];
                values.get(array);
                outputs.put(output.getKey(), array);
            }
            return outputs;
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "face detection failed: "
                    + e.getMessage(), e);
        }
    }

    /** The box cut to the photo; landmarks are kept as found, since alignment may use points just outside. */
    private static DetectedFace clip(DetectedFace face, int width, int height) {
        float left = Math.max(0, face.x());
        float top = Math.max(0, face.y());
        float right = Math.min(width, face.x() + face.width());
        float bottom = Math.min(height, face.y() + face.height());
        return new DetectedFace(left, top, Math.max(0, right - left), Math.max(0, bottom - top), face.landmarks(),
                face.score());
    }

    /** The model's one image input and its shape: {@code [1, 3, 640, 640]}, or dynamic height and width. */
    private static Map.Entry<String, long[]> onlyInput(OrtSession session) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() == 1) {
                Map.Entry<String, NodeInfo> input = inputs.entrySet().iterator().next();
                if (input.getValue().getInfo() instanceof TensorInfo tensor && acceptable(tensor.getShape())) {
                    return Map.entry(input.getKey(), tensor.getShape());
                }
            }
            throw new EngineException(EngineException.Kind.MODEL_UNAVAILABLE, "the detector model must take one "
                    + "[1, 3, 640, 640] or [-1, 3, -1, -1] input, this one takes " + inputs.values()
                    + "; run models/install.sh to install the YuNet 2023mar model");
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.MODEL_UNAVAILABLE, "the detector model could not be read: "
                    + e.getMessage(), e);
        }
    }

    private static boolean acceptable(long[] shape) {
        return Arrays.equals(shape, FIXED_SHAPE) || (shape.length == 4 && shape[0] <= 1 && shape[1] == 3
                && shape[2] == -1 && shape[3] == -1);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EngineException(EngineException.Kind.INFERENCE_FAILED, "could not close the detector", e);
        }
    }
}
