package dev.visage.api.gallery.repository;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embeddings are stored as little-endian float32 bytes: exact, compact, and never text that could end up in logs. */
final class Embeddings {

    private Embeddings() {
    }

    static byte[] toBytes(float[] embedding) {
        ByteBuffer buffer = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(embedding);
        return buffer.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] embedding = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(embedding);
        return embedding;
    }
}
