package dev.visage.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one service reads from its environment, as its sources say:
 * <ul>
 *   <li>{@code ${NAME}} / {@code ${NAME:default}} references in its {@code application.properties};</li>
 *   <li>the standard environment form of every property it knows (MicroProfile Config / Quarkus: each character
 *       that is not a letter or digit becomes {@code _}, then upper case: {@code quarkus.http.host} is read from
 *       {@code QUARKUS_HTTP_HOST}): the keys of its {@code application.properties}, the properties its
 *       {@code @ConfigMapping} and {@code @ConfigProperty} declarations read ({@link ConfigClasses}), and the few
 *       Quarkus runtime properties in {@link #QUARKUS_RUNTIME}.</li>
 * </ul>
 */
final class ServiceConfig {

    /**
     * Quarkus core runtime properties a deployment may set through their environment form without a line in
     * application.properties. Add one only together with the Quarkus guide that documents it.
     * <ul>
     *   <li>{@code quarkus.shutdown.timeout}: graceful shutdown, "Quarkus lifecycle" guide.</li>
     * </ul>
     */
    static final Set<String> QUARKUS_RUNTIME = Set.of("quarkus.shutdown.timeout");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private final String name;
    private final Path dir;
    private final Map<String, String> properties;
    private final Map<String, String> envReferences;
    private final Map<String, String> declared;

    private ServiceConfig(String name, Path dir, Map<String, String> properties, Map<String, String> envReferences,
                          Map<String, String> declared) {
        this.name = name;
        this.dir = dir;
        this.properties = properties;
        this.envReferences = envReferences;
        this.declared = declared;
    }

    static ServiceConfig load(Path moduleDir) {
        String text = Repo.read(moduleDir.resolve("src/main/resources/application.properties"));
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new TreeMap<>();
        Map<String, String> envReferences = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                envReferences.put(m.group(1), m.group(2));
            }
            if (!key.startsWith("%")) {
                properties.put(key, value);
            }
        }
        Map<String, String> declared = ConfigClasses.declaredProperties(moduleDir.resolve("src/main/java"));
        return new ServiceConfig(moduleDir.getFileName().toString(), moduleDir, properties, envReferences, declared);
    }

    /** The environment variable MicroProfile Config and Quarkus read a property from. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    /** The properties of application.properties without a profile, raw values. */
    Map<String, String> properties() {
        return properties;
    }

    /** The raw value of a property of application.properties (no profile), or null. */
    String property(String key) {
        return properties.get(key);
    }

    /** A property's value with every {@code ${NAME:default}} replaced by its default. */
    String propertyDefault(String key) {
        String value = properties.get(key);
        return value == null ? null : ENV_REFERENCE.matcher(value).replaceAll(m -> m.group(2) == null
                ? "" : Matcher.quoteReplacement(m.group(2)));
    }

    /** {@code quarkus.http.port}, its default if it is an expression. */
    int httpPort() {
        return Integer.parseInt(propertyDefault("quarkus.http.port").trim());
    }

    /** Environment variables named in {@code ${...}} references, with their defaults (null when none). */
    Map<String, String> envReferences() {
        return envReferences;
    }

    /** Properties the service's config classes read, with their {@code @WithDefault} (null when none). */
    Map<String, String> declaredProperties() {
        return declared;
    }

    /** Whether the service reads environment variable {@code env}; see the class comment for how. */
    boolean reads(String env) {
        return whyReads(env) != null;
    }

    /** How the service reads {@code env}, for messages; null when it does not. */
    String whyReads(String env) {
        if (envReferences.containsKey(env)) {
            return "${" + env + "} in " + name + "/src/main/resources/application.properties";
        }
        for (String key : properties.keySet()) {
            if (envName(key).equals(env)) {
                return key + " in application.properties";
            }
        }
        for (String key : declared.keySet()) {
            if (envName(key).equals(env)) {
                return key + " in a @ConfigMapping/@ConfigProperty of " + name;
            }
        }
        for (String key : QUARKUS_RUNTIME) {
            if (envName(key).equals(env)) {
                return key + " (Quarkus runtime)";
            }
        }
        return null;
    }

    /** The value a service uses for {@code env} when it is not set: its ${NAME:default} or @WithDefault. */
    String defaultFor(String env) {
        if (envReferences.containsKey(env)) {
            return envReferences.get(env);
        }
        for (Map.Entry<String, String> e : declared.entrySet()) {
            if (envName(e.getKey()).equals(env)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Environment variables whose default points at this machine (127.0.0.1, localhost): a container left with
     * that default talks to itself, so a deployment must set them. QUARKUS_HTTP_HOST is among them.
     */
    Map<String, String> envWithLocalDefault() {
        Map<String, String> local = new LinkedHashMap<>();
        envReferences.forEach((env, def) -> {
            if (def != null && (def.contains("127.0.0.1") || def.contains("localhost"))) {
                local.put(env, def);
            }
        });
        return local;
    }

    @Override
    public String toString() {
        return name;
    }
}
