package dev.visage.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties a module's Java sources read, found without compiling them:
 * {@code @ConfigProperty(name = "...", defaultValue = "...")} and {@code @ConfigMapping(prefix = "...")}
 * interfaces, whose methods become kebab-case properties ({@code maxBytes()} is {@code max-bytes}, or the name of
 * its {@code @WithName}), nested through the interfaces declared in the same file, with their {@code @WithDefault}.
 * This covers how the Visage modules declare configuration; a mapping whose group interfaces live in other files
 * would be missed (a test then says the variable is not read, which errs on the safe side).
 */
final class ConfigClasses {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(([^)]*)\\)");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(([^)]*)\\)");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)(?:default\\s+)?([\\w.]+(?:\\s*<[^;(){}]*>)?(?:\\[])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH = Pattern.compile("@(WithDefault|WithName|WithParentName)(?:\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\))?");
    private static final Pattern OPTIONAL = Pattern.compile("Optional\\s*<\\s*([\\w.]+)\\s*>");

    private ConfigClasses() {
    }

    /** Property name to default value (null when it has none), for every property read under {@code srcMainJava}. */
    static Map<String, String> declaredProperties(Path srcMainJava) {
        Map<String, String> found = new TreeMap<>();
        if (!Files.isDirectory(srcMainJava)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(srcMainJava)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                found.putAll(parse(Repo.read(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static Map<String, String> parse(String source) {
        String code = stripComments(source);
        Map<String, String> found = new TreeMap<>();

        Matcher property = CONFIG_PROPERTY.matcher(code);
        while (property.find()) {
            Map<String, String> attributes = attributes(property.group(1));
            if (attributes.containsKey("name")) {
                found.put(attributes.get("name"), attributes.get("defaultValue"));
            }
        }

        Matcher mapping = CONFIG_MAPPING.matcher(code);
        if (mapping.find()) {
            String prefix = attributes(mapping.group(1)).getOrDefault("prefix", "");
            Map<String, String> bodies = interfaceBodies(code);
            Matcher root = INTERFACE.matcher(code);
            if (root.find(mapping.end())) {
                walk(root.group(1), prefix, bodies, found, 0);
            }
        }
        return found;
    }

    private static void walk(String iface, String prefix, Map<String, String> bodies, Map<String, String> found,
                             int depth) {
        String body = bodies.get(iface);
        if (body == null || depth > 8) {
            return;
        }
        Matcher m = METHOD.matcher(body);
        while (m.find()) {
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s", "");
            Matcher optional = OPTIONAL.matcher(type);
            if (optional.matches()) {
                type = optional.group(1);
            }
            String name = kebab(m.group(3));
            String defaultValue = null;
            boolean parentName = false;
            Matcher with = WITH.matcher(annotations);
            while (with.find()) {
                switch (with.group(1)) {
                    case "WithDefault" -> defaultValue = restore(with.group(2));
                    case "WithName" -> name = restore(with.group(2));
                    default -> parentName = true;
                }
            }
            String property = parentName ? prefix : prefix.isEmpty() ? name : prefix + "." + name;
            if (bodies.containsKey(type)) {
                walk(type, property, bodies, found, depth + 1);
            } else {
                found.put(property, defaultValue);
            }
        }
    }

    /** Each interface's own body, with the bodies of everything nested in it (interfaces, enums) cut out. */
    private static Map<String, String> interfaceBodies(String code) {
        Map<String, String> bodies = new HashMap<>();
        Matcher m = INTERFACE.matcher(code);
        while (m.find()) {
            int open = m.end() - 1;
            int close = matchingBrace(code, open);
            StringBuilder own = new StringBuilder();
            int depth = 0;
            for (int i = open + 1; i < close; i++) {
                char c = code.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (depth == 0) {
                        own.append(';');
                    }
                } else if (depth == 0) {
                    own.append(c);
                }
            }
            bodies.put(m.group(1), own.toString());
        }
        return bodies;
    }

    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return code.length();
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher a = ATTRIBUTE.matcher(text);
        while (a.find()) {
            attributes.put(a.group(1), restore(a.group(2)));
        }
        return attributes;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Braces inside string literals, set aside so that they do not count when matching code braces. */
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';

    private static String restore(String literal) {
        return literal == null ? null : literal.replace(OPEN, '{').replace(CLOSE, '}');
    }

    /** Removes comments, and sets aside the braces inside string literals (see {@link #restore}). */
    static String stripComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '"') {
                // Copy string literals whole (braces inside them must not count).
                int j = i + 1;
                if (source.startsWith("\"\"\"", i)) {
                    int end = source.indexOf("\"\"\"", i + 3);
                    j = end < 0 ? n : end + 3;
                    out.append("\"\"");
                    i = j;
                    continue;
                }
                while (j < n && source.charAt(j) != '"') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                String literal = source.substring(i, Math.min(j + 1, n));
                out.append(literal.replace('{', OPEN).replace('}', CLOSE));
                i = j + 1;
            } else if (c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != '\'') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append("' '");
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
