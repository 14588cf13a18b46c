package dev.visage.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Read-only navigation in parsed YAML (maps, lists, scalars); a missing step gives null, never an exception. */
final class Node {

    private Node() {
    }

    /** The value at a path of map keys and list indexes, e.g. {@code at(doc, "spec", "template", "spec")}. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map && step instanceof String key) {
                current = map.get(key);
            } else if (current instanceof List<?> list && step instanceof Integer index) {
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        Object value = at(node, path);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, Object... path) {
        Object value = at(node, path);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** A scalar as a string (numbers and booleans included), or null. */
    static String str(Object node, Object... path) {
        Object value = at(node, path);
        return value == null || value instanceof Map || value instanceof List ? null : Objects.toString(value);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, Object... path) {
        return list(node, path).stream().filter(Map.class::isInstance).map(o -> (Map<String, Object>) o).toList();
    }
}
