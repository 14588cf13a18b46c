package dev.visage.api.index;

import java.util.Map;

/**
 * @param kind    {@code milvus} or {@code embedded}
 * @param healthy whether the index answered just now
 * @param details facts for operators (address without credentials, collection, vector count, error)
 */
public record IndexStatus(String kind, boolean healthy, Map<String, Object> details) {
}
