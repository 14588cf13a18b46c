package dev.visage.status.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.error.ErrorType;
import dev.visage.status.config.StatusConfig;
import dev.visage.status.model.ServiceStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gallery's vector index lives behind face-api (embedded Lucene inside it, or Milvus), so it is read from
 * face-api's readiness document: the check named {@code gallery-index}, whose data carries {@code kind}
 * ({@code embedded} or {@code milvus}) and the index's facts. It appears as {@code milvus} "Milvus Vector
 * Database", or as {@code vector_index} "Vector Index (embedded)". face-api answers the document with 503 when
 * anything it needs is down; the gallery-index check inside is read all the same.
 */
@ApplicationScoped
public class VectorIndexCheck implements StatusCheck {

    public static final String ID = "vector_index";
    public static final String MILVUS_KEY = "milvus";
    static final String CHECK_NAME = "gallery-index";
    /** face-api's readiness check that says whether keys are required and templates sealed. */
    static final String PROTECTION_CHECK = "protection";
    /** Where this check passes it on, for the status page's notices ({@code PageSummary}). */
    public static final String PROTECTION_DETAIL = "face_api_protection";
    static final String ENROLMENT_JOBS_CHECK = "enrolment-jobs";
    /** face-api's bulk enrolment progress, for the index's line on the status page ({@code ServiceFacts}). */
    public static final String ENROLMENT_JOBS_DETAIL = "enrolment_jobs";
    static final String FACE_API_SUGGESTION = "Start face-api (deploy/local/up.sh) or set VISAGE_FACE_API_URL to "
            + "where it answers; the vector index is reported through it.";
    static final String MILVUS_SUGGESTION = "Check that Milvus runs and is reachable from face-api at "
            + "visage.gallery.milvus.uri, and that its collection is loaded; identification and enrolment "
            + "answer milvus_error until then.";
    static final String EMBEDDED_SUGGESTION = "The embedded index failed inside face-api: read face-api's log "
            + "for the cause (disk full, permissions on visage.gallery.embedded.data-dir), fix it and restart face-api.";

    private final FaceApiHealth faceApi;
    private final ObjectMapper mapper;
    private final String faceApiUrl;
    private final Duration timeout;
    private final AtomicReference<String> lastKind;

    public VectorIndexCheck(FaceApiHealth faceApi, ObjectMapper mapper, StatusConfig config) {
        this.faceApi = faceApi;
        this.mapper = mapper;
        this.faceApiUrl = Urls.withoutCredentials(config.faceApi().url().replaceAll("/+$", ""));
        this.timeout = config.checkTimeout();
        this.lastKind = new AtomicReference<>(config.faceApi().defaultIndexKind());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<Checked> run() {
        return faceApi.read().map(this::read);
    }

    private Checked read(FaceApiHealth.Document document) {
        if (document.body() == null) {
            return failed(new IllegalStateException("face-api answered HTTP " + document.status()
                    + " without a readable health document"), timeout);
        }
        JsonNode check = document.check(CHECK_NAME).orElse(null);
        if (check == null) {
            Map<String, Object> details = base(lastKind.get());
            details.put("face_api_ready", document.status() == 200);
            return result(lastKind.get(), ServiceStatus.down(name(lastKind.get()), details,
                    ErrorType.SERVICE_UNAVAILABLE, "face-api at " + faceApiUrl + " does not report a '"
                            + CHECK_NAME + "' check in /q/health/ready",
                    "Run a face-api version that reports its gallery index in /q/health/ready."));
        }
        JsonNode data = check.path("data");
        String kind = data.path("kind").asText(lastKind.get());
        lastKind.set(kind);
        Map<String, Object> details = base(kind);
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!"kind".equals(field.getKey())) {
                details.put(field.getKey(), mapper.convertValue(field.getValue(), Object.class));
            }
        }
        details.put("face_api_ready", document.status() == 200);
        document.check(PROTECTION_CHECK).ifPresent(protection -> details.put(PROTECTION_DETAIL,
                mapper.convertValue(protection.path("data"), Object.class)));
        document.check(ENROLMENT_JOBS_CHECK).filter(jobs -> jobs.path("data").path("jobs").asLong() > 0)
                .ifPresent(jobs -> details.put(ENROLMENT_JOBS_DETAIL,
                        mapper.convertValue(jobs.path("data"), Object.class)));
        if ("UP".equals(check.path("status").asText())) {
            return result(kind, ServiceStatus.up(name(kind), details));
        }
        Object error = details.getOrDefault("error", "the index reports DOWN");
        boolean milvus = MILVUS_KEY.equals(kind);
        return result(kind, ServiceStatus.down(name(kind), details,
                milvus ? ErrorType.MILVUS_ERROR : ErrorType.SERVICE_UNAVAILABLE,
                (milvus ? "Milvus Vector Database is not available: " : "The embedded vector index is not available: ")
                        + error,
                milvus ? MILVUS_SUGGESTION : EMBEDDED_SUGGESTION));
    }


    @Override
    public Checked failed(Throwable cause, Duration timeout) {
        String kind = lastKind.get();
        return result(kind, ServiceStatus.down(name(kind), base(kind), ErrorType.SERVICE_UNAVAILABLE,
                "face-api did not report the vector index (" + faceApiUrl + "): "
                        + StatusCheck.describe(cause, timeout),
                FACE_API_SUGGESTION));
    }

    private Map<String, Object> base(String kind) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", kind);
        details.put("face_api_url", faceApiUrl);
        return details;
    }

    private static Checked result(String kind, ServiceStatus status) {
        return Checked.now(MILVUS_KEY.equals(kind) ? MILVUS_KEY : ID, status);
    }

    static String name(String kind) {
        return MILVUS_KEY.equals(kind) ? "Milvus Vector Database" : "Vector Index (" + kind + ")";
    }
}
