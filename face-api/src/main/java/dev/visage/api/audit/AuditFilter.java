package dev.visage.api.audit;

import dev.visage.api.access.Caller;
import dev.visage.api.gallery.rest.GalleryParameters;
import dev.visage.common.api.ApiResponse;
import dev.visage.common.api.RequestIds;
import dev.visage.common.error.ErrorResponse;
import dev.visage.common.error.VisageException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records each call of an {@link AuditedAs} operation once its answer is known, before it is sent: the caller's
 * key, the action, the collection, the subject and face ids from the path and from the answer ({@link AuditedIds}),
 * and the outcome. Calls without a valid key are not recorded here (they are logged), so that unauthenticated
 * traffic cannot fill the log.
 */
public class AuditFilter {

    private static final String OPERATION = "visage.audit.operation";

    private final CurrentIdentityAssociation identity;
    private final AuditLog log;
    private final Map<String, Optional<AuditedAs>> annotations = new ConcurrentHashMap<>();

    public AuditFilter(CurrentIdentityAssociation identity, AuditLog log) {
        this.identity = identity;
        this.log = log;
    }

    /**
     * Notes the operation before any other filter can refuse the call: once a request filter has refused it, the
     * response phase no longer knows which method was matched, and refusals must be recorded too.
     */
    @ServerRequestFilter(priority = 1)
    public void noteOperation(ContainerRequestContext request, SimpleResourceInfo resource) {
        AuditedAs audited = auditedAs(resource);
        if (audited != null) {
            request.setProperty(OPERATION, audited);
        }
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response,
                            SimpleResourceInfo resource) {
        AuditedAs audited = request.getProperty(OPERATION) instanceof AuditedAs noted ? noted : auditedAs(resource);
        if (audited == null) {
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity()
                .map(current -> current.<Caller>getAttribute(Caller.ATTRIBUTE))
                .onFailure().recoverWithNull()
                .chain(caller -> caller == null ? Uni.createFrom().voidItem()
                        : log.record(event(audited.value(), caller, request, response)));
    }

    /** The operation's annotation, found once per method through its name and parameter types. */
    private AuditedAs auditedAs(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null || resource.getMethodName() == null) {
            return null;
        }
        return annotations.computeIfAbsent(resource.getResourceClass().getName() + "#" + resource.getMethodName()
                + Arrays.toString(resource.parameterTypes()), signature -> {
            try {
                return Optional.ofNullable(resource.getResourceClass()
                        .getMethod(resource.getMethodName(), resource.parameterTypes())
                        .getAnnotation(AuditedAs.class));
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }

    private static AuditEvent event(AuditAction action, Caller caller, ContainerRequestContext request,
                                    ContainerResponseContext response) {
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        AuditedIds ids = response.getEntity() instanceof ApiResponse<?> answer
                && answer.data() instanceof AuditedIds named ? named : new AuditedIds() { };
        // The path's {id} is a key for the key operations and a subject for the gallery's.
        UUID pathId = uuid(path.getFirst("id"));
        boolean aboutKey = action == AuditAction.READ_KEY || action == AuditAction.REVOKE_KEY;
        List<UUID> subjects = !ids.auditedSubjects().isEmpty() || aboutKey || pathId == null ? ids.auditedSubjects()
                : List.of(pathId);
        UUID face = ids.auditedFace() != null ? ids.auditedFace() : uuid(path.getFirst("faceId"));
        UUID key = ids.auditedKey() != null ? ids.auditedKey() : aboutKey ? pathId : null;
        String outcome = response.getEntity() instanceof ErrorResponse error ? error.errorType().wireName()
                : response.getStatus() < 400 ? AuditEvent.OK : "http_" + response.getStatus();
        String collection = isGallery(action) ? collectionOf(request) : null;
        return new AuditEvent(null, null, request.getHeaderString(RequestIds.HEADER), caller.keyId(),
                caller.keyName(), action, collection, subjects, face, key, outcome, response.getStatus());
    }

    private static boolean isGallery(AuditAction action) {
        return switch (action) {
            case CREATE_KEY, LIST_KEYS, READ_KEY, REVOKE_KEY, READ_AUDIT, REENCRYPT_TEMPLATES -> false;
            default -> true;
        };
    }

    private static String collectionOf(ContainerRequestContext request) {
        try {
            return GalleryParameters.collectionOf(request.getUriInfo());
        } catch (VisageException notAName) {
            return null;
        }
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
