package dev.visage.worker.engine.runtime;

/** Where ONNX Runtime runs the models. */
public enum ExecutionProvider {
    CPU,
    CUDA
}
