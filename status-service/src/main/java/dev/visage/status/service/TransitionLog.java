package dev.visage.status.service;

import dev.visage.status.model.OverallStatus;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Logs a document's state once per transition, never on every poll: INFO when it becomes healthy, WARN when
 * degraded, ERROR when unhealthy. A transition is a change of the overall status or of which services are down.
 */
@ApplicationScoped
public class TransitionLog {

    private static final Logger LOG = Logger.getLogger("dev.visage.status.transitions");

    private final Map<String, String> last = new ConcurrentHashMap<>();

    public void observe(String document, StatusReport report) {
        String down = report.services().entrySet().stream().filter(e -> !e.getValue().healthy())
                .map(Map.Entry::getKey).sorted().collect(Collectors.joining(","));
        String signature = report.overallStatus().wireName() + "|" + down;
        String previous = last.put(document, signature);
        if (signature.equals(previous)) {
            return;
        }
        String from = previous == null ? "(start)" : previous.substring(0, previous.indexOf('|'));
        String message = document + " status " + from + " -> " + report.overallStatus().wireName() + " ("
                + report.healthyCount() + "/" + report.totalCount() + " healthy)" + describe(report);
        OverallStatus overall = report.overallStatus();
        switch (overall) {
            case HEALTHY -> LOG.info(message);
            case DEGRADED -> LOG.warn(message);
            case UNHEALTHY -> LOG.error(message);
        }
    }

    private static String describe(StatusReport report) {
        return report.services().entrySet().stream().filter(e -> !e.getValue().healthy())
                .map(e -> {
                    ServiceStatus s = e.getValue();
                    return e.getKey() + (s.critical() ? "" : " (non-critical)") + ": " + s.error();
                })
                .collect(Collectors.joining("; ", report.healthyCount() == report.totalCount() ? "" : ": ", ""));
    }
}
