package dev.visage.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.api.access.ApiKey;
import dev.visage.api.audit.AuditEvent;
import dev.visage.api.detect.DetectionResult;
import dev.visage.api.enrolment.service.EnrolmentItemView;
import dev.visage.api.enrolment.service.EnrolmentJobView;
import dev.visage.api.gallery.repository.Page;
import dev.visage.api.gallery.service.GalleryResults;
import dev.visage.api.liveness.LivenessResult;
import dev.visage.api.retention.CollectionRetention;
import dev.visage.api.templates.TemplateReencryption;
import dev.visage.api.verify.FaceSummary;
import dev.visage.api.verify.VerificationResult;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.messaging.FaceAttributes;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceLiveness;
import dev.visage.common.messaging.FaceQuality;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Completes the contract from the code itself, so that the two cannot drift: a response field is {@code required}
 * exactly when Jackson always writes it (a primitive, an accessor like {@code success}, a field marked
 * {@code @JsonInclude(ALWAYS)} in a record that otherwise leaves nulls out, or any field of a record that does not),
 * and what the server never sends (a face's embedding) is not described.
 */
public class ContractFilter implements OASFilter {

    /** The records face-api answers with, by the name their schema has in the contract. */
    static final List<Class<?>> ANSWERS = List.of(ErrorResponse.class, FaceData.class, FaceData.Box.class,
            FaceData.Landmarks.class, FaceQuality.class, FaceLiveness.class, FaceAttributes.class,
            FaceAttributes.Age.class, FaceAttributes.Gender.class, FaceAttributes.Pose.class, FaceAttributes.Eyes.class,
            VerificationResult.class, FaceSummary.class, DetectionResult.class, LivenessResult.class,
            GalleryResults.SubjectView.class, GalleryResults.FaceView.class, GalleryResults.Enrolment.class,
            GalleryResults.Deletion.class, GalleryResults.Match.class, GalleryResults.IdentifiedFace.class,
            GalleryResults.Identification.class, GalleryResults.SubjectVerification.class, Page.class,
            EnrolmentJobView.class, EnrolmentItemView.class, ApiKey.class, AuditEvent.class,
            CollectionRetention.class, TemplateReencryption.Report.class);

    private static final String ENVELOPE_PREFIX = "ApiResponse";

    /** How every {@code /api/v1} call authenticates: an API key as a bearer token (docs/security.md). */
    static final String API_KEY = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSecurityScheme(API_KEY, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (vsk_...) as a bearer token; X-API-Key: <key> is accepted too"));
        openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(API_KEY)));
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        for (Class<?> answer : ANSWERS) {
            schemas.entrySet().stream()
                    .filter(e -> e.getKey().equals(answer.getSimpleName())
                            || e.getKey().startsWith(answer.getSimpleName()) && answer.getTypeParameters().length > 0)
                    .forEach(e -> require(e.getValue(), alwaysWritten(answer)));
        }
        schemas.forEach((name, schema) -> {
            if (name.startsWith(ENVELOPE_PREFIX)) {
                require(schema, List.of("success", "data"));
            }
        });
        Schema face = schemas.get(FaceData.class.getSimpleName());
        if (face != null) {
            face.removeProperty("embedding");
        }
    }

    /** The JSON names Jackson writes for every instance of the record. */
    static List<String> alwaysWritten(Class<?> record) {
        JsonInclude include = record.getAnnotation(JsonInclude.class);
        boolean leavesNullsOut = include != null && include.value() != JsonInclude.Include.ALWAYS;
        List<String> names = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
            if (property == null) {
                property = component.getAnnotation(JsonProperty.class);
            }
            JsonInclude own = component.getAccessor().getAnnotation(JsonInclude.class);
            boolean written = own != null ? own.value() == JsonInclude.Include.ALWAYS : !leavesNullsOut;
            if (property != null && (component.getType().isPrimitive() || written)) {
                names.add(property.value());
            }
        }
        List<Method> accessors = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getAccessor).toList();
        for (Method method : record.getDeclaredMethods()) {
            JsonProperty property = method.getAnnotation(JsonProperty.class);
            if (property != null && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                    && !accessors.contains(method)) {
                names.add(property.value());
            }
        }
        return names;
    }

    private static void require(Schema schema, List<String> names) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = names.stream().filter(schema.getProperties()::containsKey).toList();
        if (!required.isEmpty()) {
            schema.setRequired(required);
        }
    }
}
