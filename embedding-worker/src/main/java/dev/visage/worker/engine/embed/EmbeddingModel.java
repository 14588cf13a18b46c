package dev.visage.worker.engine.embed;

import dev.visage.worker.engine.align.AlignedFace;
import java.util.List;

/** Turns aligned faces into L2-normalised embeddings. */
public interface EmbeddingModel {

    /** One unit-length embedding per face, in the order given. */
    List<float[]> embed(List<AlignedFace> faces);
}
