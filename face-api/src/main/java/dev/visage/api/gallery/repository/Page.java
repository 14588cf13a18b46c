package dev.visage.api.gallery.repository;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One page of a listing. */
public record Page<T>(@JsonProperty("items") List<T> items, @JsonProperty("offset") int offset,
                      @JsonProperty("limit") int limit, @JsonProperty("total") long total) {
}
