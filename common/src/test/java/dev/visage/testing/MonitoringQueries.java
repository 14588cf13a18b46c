package dev.visage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the monitoring material in {@code deploy/monitoring} (alert rules, Grafana dashboard) queries,
 * so each module's tests can check that the names it owns are ones it really exports.
 */
public final class MonitoringQueries {

    private static final Pattern METRIC = Pattern.compile("\\b(visage_[a-z0-9_]+|http_server_requests_seconds_[a-z]+)\\b");

    private MonitoringQueries() {
    }

    /** Every metric name referenced by the monitoring files, e.g. {@code visage_api_errors_total}. */
    public static Set<String> referencedMetrics() {
        Path dir = Path.of("..", "deploy", "monitoring");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals("prometheus.yml")).toList()) {
                Matcher m = METRIC.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.toAbsolutePath(), e);
        }
        return names;
    }

    /** The referenced names starting with one of the prefixes: the ones a module owns. */
    public static Set<String> ownedBy(List<String> prefixes) {
        Set<String> owned = new TreeSet<>();
        for (String name : referencedMetrics()) {
            if (prefixes.stream().anyMatch(name::startsWith)) {
                owned.add(name);
            }
        }
        return owned;
    }

    /** The owned names missing from a Prometheus scrape. */
    public static Set<String> missingFrom(String scrape, List<String> prefixes) {
        Set<String> missing = new TreeSet<>();
        for (String name : ownedBy(prefixes)) {
            if (!scrape.contains("\n" + name + "{") && !scrape.contains("\n" + name + " ")) {
                missing.add(name);
            }
        }
        return missing;
    }
}
