package dev.visage.status.rest;

import dev.visage.status.page.StatusView;
import dev.visage.status.service.StatusMonitor;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The status component as an HTML fragment, rendered on the server, for pages that include it (server-side
 * includes, a template's include, htmx): the same markup and stylesheet as the {@code <visage-status>} web
 * component, from the same {@link StatusView}, without script. A page that wants live updates uses the web
 * component instead.
 */
@Path("/status/fragment")
public class FragmentResource {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance fragment(StatusView view, String base);
    }

    private final StatusMonitor monitor;

    public FragmentResource(StatusMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Uni<TemplateInstance> fragment(@QueryParam("report") String report, @Context UriInfo uri) {
        // The stylesheet is linked absolutely: the fragment is included into pages served from elsewhere.
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        return monitor.snapshot().map(s -> Templates.fragment(StatusView.of(s, report), base));
    }

    /** The time of the last check as the fragment shows it; the web component shows it in the reader's zone. */
    @TemplateExtension
    static String clock(Instant time) {
        return CLOCK.format(time);
    }
}
