package dev.visage.status.rest;

import dev.visage.status.model.OverallStatus;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;
import dev.visage.status.model.StatusSnapshot;
import dev.visage.status.service.StatusMonitor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status component as an HTML fragment, rendered on the server, for pages that include it (server-side
 * includes, a template's include, htmx): the same markup and stylesheet as the {@code <visage-status>} web
 * component, without script. A page that wants live updates uses the web component instead.
 */
@Path("/status/fragment")
public class FragmentResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final StatusMonitor monitor;

    public FragmentResource(StatusMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public Uni<String> fragment(@QueryParam("report") String report, @Context UriInfo uri) {
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        return monitor.snapshot().map(s -> render(s, report == null ? "all" : report, base));
    }

    static String render(StatusSnapshot snapshot, String which, String base) {
        Map<String, StatusReport> groups = new LinkedHashMap<>();
        if (!"background".equals(which)) {
            groups.put("face_verification", snapshot.faceVerification());
        }
        if (!"face-verification".equals(which) && !"face_verification".equals(which)) {
            groups.put("background", snapshot.background());
        }
        Map<String, ServiceStatus> unique = new LinkedHashMap<>();
        OverallStatus overall = OverallStatus.HEALTHY;
        java.time.Instant checked = null;
        for (StatusReport r : groups.values()) {
            r.services().forEach((k, v) -> unique.merge(k, v, (a, b) -> a.healthy() ? b : a));
            if (r.overallStatus().ordinal() > overall.ordinal()) {
                overall = r.overallStatus();
            }
            if (checked == null || (r.checkedAt() != null && r.checkedAt().isBefore(checked))) {
                checked = r.checkedAt();
            }
        }
        long healthy = unique.values().stream().filter(ServiceStatus::healthy).count();
        List<Map.Entry<String, ServiceStatus>> down = new ArrayList<>(
                unique.entrySet().stream().filter(e -> !e.getValue().healthy()).toList());

        StringBuilder h = new StringBuilder(4096);
        h.append("<link rel=\"stylesheet\" href=\"").append(esc(base)).append("/status.css\">\n");
        h.append("<div class=\"vs\" data-overall=\"").append(overall.wireName()).append("\">\n");
        h.append(" <div class=\"vs-head\"><span class=\"vs-dot\" data-state=\"").append(state(overall))
                .append("\"></span><strong class=\"vs-title\">Visage service status</strong>")
                .append("<span class=\"vs-overall\">").append(label(overall)).append("</span>")
                .append("<span class=\"vs-count\">").append(healthy).append('/').append(unique.size())
                .append(" services healthy</span></div>\n");
        if (!down.isEmpty()) {
            boolean critical = down.stream().anyMatch(e -> e.getValue().critical());
            h.append(" <div class=\"vs-banner\" role=\"alert\" data-level=\"").append(critical ? "down" : "warn")
                    .append("\"><strong>").append(critical
                            ? "Face verification is not fully available."
                            : "Some services are not fully operational; answers stay correct.")
                    .append("</strong><ul>");
            for (Map.Entry<String, ServiceStatus> e : down) {
                h.append("<li><b>").append(esc(e.getValue().service())).append("</b>: ")
                        .append(esc(e.getValue().error()));
                if (e.getValue().suggestion() != null) {
                    h.append(" <span class=\"vs-suggestion\">").append(esc(e.getValue().suggestion())).append("</span>");
                }
                h.append("</li>");
            }
            h.append("</ul></div>\n");
        }
        groups.forEach((key, r) -> {
            h.append(" <section class=\"vs-group\" data-report=\"").append(key).append("\" data-overall=\"")
                    .append(r.overallStatus().wireName()).append("\"><h3>")
                    .append("face_verification".equals(key) ? "Face verification" : "Background services")
                    .append(" <span class=\"vs-group-status\" data-state=\"").append(state(r.overallStatus()))
                    .append("\">").append(label(r.overallStatus())).append("</span> <span class=\"vs-count\">")
                    .append(r.healthyCount()).append('/').append(r.totalCount()).append("</span></h3>")
                    .append("<ul class=\"vs-services\">");
            r.services().forEach((k, s) -> {
                h.append("<li class=\"vs-service\" data-service=\"").append(esc(k)).append("\" data-state=\"")
                        .append(state(s)).append("\"><span class=\"vs-dot\"></span><span class=\"vs-name\">")
                        .append(esc(s.service())).append("</span><span class=\"vs-summary\">")
                        .append(esc(summary(k, s.details()))).append("</span>");
                if (!s.healthy()) {
                    h.append("<div class=\"vs-error\">").append(esc(s.error())).append("</div>");
                    if (s.suggestion() != null) {
                        h.append("<div class=\"vs-suggestion\">").append(esc(s.suggestion())).append("</div>");
                    }
                }
                h.append("</li>");
            });
            h.append("</ul></section>\n");
        });
        h.append(" <div class=\"vs-foot\">Last check: <time datetime=\"").append(checked)
                .append("\">").append(checked == null ? "-" : TIME.format(checked)).append("</time></div>\n");
        h.append("</div>\n");
        return h.toString();
    }

    static String state(OverallStatus overall) {
        return switch (overall) {
            case HEALTHY -> "ok";
            case DEGRADED -> "warn";
            case UNHEALTHY -> "down";
        };
    }

    static String state(ServiceStatus s) {
        return s.healthy() ? "ok" : s.critical() ? "down" : "warn";
    }

    static String label(OverallStatus overall) {
        return switch (overall) {
            case HEALTHY -> "Healthy";
            case DEGRADED -> "Degraded";
            case UNHEALTHY -> "Unhealthy";
        };
    }

    /** A one-line summary of a service's details; the same rules as status-widget.js. */
    static String summary(String key, Map<String, Object> d) {
        if (d == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        switch (key) {
            case "redis" -> {
                add(parts, d.get("version"), "v%s");
                add(parts, d.get("used_memory"), "%s used");
                add(parts, d.get("connected_clients"), "%s clients");
            }
            case "kafka" -> {
                add(parts, d.get("brokers"), "%s broker(s)");
                add(parts, d.get("controller_id"), "controller %s");
            }
            case "database" -> {
                add(parts, d.get("engine"), "%s");
                add(parts, d.get("name"), "%s");
                add(parts, d.get("host"), "on %s");
            }
            case "embedding_workers" -> {
                add(parts, d.get("active_workers"), "%s active");
                add(parts, d.get("lag"), "lag %s");
                add(parts, "NOT_FOUND".equals(d.get("group_state")) ? "not formed yet" : d.get("group_state"), "group %s");
            }
            case "face_detection" -> {
                add(parts, join(d.get("models")), "%s");
                add(parts, join(d.get("execution_providers")), "on %s");
            }
            default -> {
                add(parts, d.get("vector_count") != null ? d.get("vector_count") : d.get("rowCount"), "%s vectors");
                add(parts, d.get("collection"), "collection %s");
            }
        }
        return String.join(" · ", parts);
    }

    private static Object join(Object list) {
        return list instanceof List<?> l ? (l.isEmpty() ? null : String.join(", ", l.stream().map(String::valueOf).toList())) : list;
    }

    private static void add(List<String> parts, Object value, String format) {
        if (value != null && !String.valueOf(value).isEmpty()) {
            parts.add(String.format(format, value));
        }
    }

    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
