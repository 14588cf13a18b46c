package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Optional;

/** Which of the detected faces the worker embeds. */
public enum EmbedSelection {
    /** Detection only: boxes, landmarks and scores. */
    @JsonProperty("none") NONE("none"),
    /** The largest face by box area: what 1:1 verification compares. */
    @JsonProperty("largest") LARGEST("largest"),
    /** Every detected face. */
    @JsonProperty("all") ALL("all");

    private final String wireName;

    EmbedSelection(String wireName) {
        this.wireName = wireName;
    }

    /** How the selection is written in a request header. */
    public String wireName() {
        return wireName;
    }

    public static Optional<EmbedSelection> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
