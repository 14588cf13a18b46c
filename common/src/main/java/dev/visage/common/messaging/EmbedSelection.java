package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which of the detected faces the worker embeds. */
public enum EmbedSelection {
    /** Detection only: boxes, landmarks and scores. */
    @JsonProperty("none") NONE,
    /** The largest face by box area: what 1:1 verification compares. */
    @JsonProperty("largest") LARGEST,
    /** Every detected face. */
    @JsonProperty("all") ALL
}
