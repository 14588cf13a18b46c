package dev.visage.worker.engine;

/** Where ONNX Runtime runs the models. */
public enum ExecutionProvider {
    CPU,
    CUDA
}
