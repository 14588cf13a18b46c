package dev.visage.common.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The success envelope: {@code {"success": true, "data": ...}}. */
@JsonPropertyOrder({"success", "data"})
public record ApiResponse<T>(@JsonProperty("data") T data) {

    @JsonProperty("success")
    public boolean success() {
        return true;
    }

    public static <T> ApiResponse<T> of(T data) {
        return new ApiResponse<>(data);
    }
}
