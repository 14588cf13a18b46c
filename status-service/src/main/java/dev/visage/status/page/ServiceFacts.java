package dev.visage.status.page;

import dev.visage.status.check.VectorIndexCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service's main facts in one line ("v7.0.15 · 977.19K used · 1 clients"), read from its details. */
final class ServiceFacts {

    private ServiceFacts() {
    }

    static String of(String key, Map<String, Object> details) {
        if (details == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        switch (key) {
            case "redis" -> {
                add(parts, details.get("version"), "v%s");
                add(parts, details.get("used_memory"), "%s used");
                add(parts, details.get("connected_clients"), "%s clients");
            }
            case "kafka" -> {
                add(parts, details.get("brokers"), "%s broker(s)");
                add(parts, details.get("controller_id"), "controller %s");
            }
            case "database" -> {
                add(parts, details.get("engine"), "%s");
                add(parts, details.get("name"), "%s");
                add(parts, details.get("host"), "on %s");
            }
            case "embedding_workers" -> {
                add(parts, details.get("active_workers"), "%s active");
                add(parts, details.get("lag"), "lag %s");
                Object state = details.get("group_state");
                add(parts, "NOT_FOUND".equals(state) ? "not formed yet" : state, "group %s");
                if (details.get("face_api") instanceof Map<?, ?> faceApi) {
                    add(parts, faceApi.get("photos_in_flight"), "%s photos in flight");
                }
            }
            case "face_detection" -> {
                add(parts, joined(details.get("models")), "%s");
                add(parts, joined(details.get("execution_providers")), "on %s");
            }
            // The vector index: embedded (vector_index) or Milvus (milvus), whose facts are named differently.
            default -> {
                Object vectors = details.get("vector_count");
                add(parts, vectors != null ? vectors : details.get("rowCount"), "%s vectors");
                add(parts, details.get("collection"), "collection %s");
                if (details.get(VectorIndexCheck.ENROLMENT_JOBS_DETAIL) instanceof Map<?, ?> jobs) {
                    parts.add(String.format("bulk enrolment: %s of %s photos (%s %s)", jobs.get("photos_finished"),
                            jobs.get("photos"), jobs.get("jobs"), "1".equals(String.valueOf(jobs.get("jobs")))
                                    ? "job" : "jobs"));
                }
            }
        }
        return String.join(" · ", parts);
    }

    private static Object joined(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return value;
    }

    private static void add(List<String> parts, Object value, String format) {
        if (value != null && !String.valueOf(value).isEmpty()) {
            parts.add(String.format(format, value));
        }
    }
}
