package dev.visage.api.access;

import dev.visage.api.gallery.rest.GalleryParameters;
import dev.visage.common.error.VisageException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Refuses a key restricted to some collections when a {@link CollectionScoped} operation names another one, with
 * the same 403 whether or not that collection or the subject in the path exists: a key learns nothing about what
 * it may not see.
 */
public class CollectionAccessFilter {

    private final CurrentIdentityAssociation identity;

    public CollectionAccessFilter(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Void> checkCollection(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null
                || !resource.getResourceClass().isAnnotationPresent(CollectionScoped.class)) {
            return Uni.createFrom().voidItem();
        }
        return identity.getDeferredIdentity().map(current -> {
            Caller caller = current.getAttribute(Caller.ATTRIBUTE);
            if (caller == null) {
                return null;
            }
            String collection = GalleryParameters.collectionOf(request.getUriInfo());
            if (!caller.mayUse(collection)) {
                throw VisageException.permissionDenied("The key may not use the collection " + collection + ".",
                        "Use a key issued for this collection, or ask an administrator to add it to this key.");
            }
            return null;
        });
    }
}
