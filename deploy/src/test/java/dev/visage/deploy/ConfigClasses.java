package dev.visage.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties a module's Java sources read, found without compiling them:
 * {@code @ConfigProperty(name = "...", defaultValue = "...")} and {@code @ConfigMapping(prefix = "...")}
 * interfaces, whose methods become kebab-case properties ({@code maxBytes()} is {@code max-bytes}, or the name of
 * its {@code @WithName}), nested through the interfaces declared in the same file, with their {@code @WithDefault}.
 * A default or name may be a String constant instead of a literal ({@code @WithDefault(EngineSettings.Defaults.X)},
 * {@code defaultValue = KafkaContract.REQUEST_TOPIC}), so that a value shared with code is written once; it is read
 * from the constant's {@code static final String NAME = "literal";} declaration in the module's sources or in
 * common's, and a reference to anything else fails the test rather than passing for "no default".
 * This covers how the Visage modules declare configuration; a mapping whose group interfaces live in other files
 * would be missed (a test then says the variable is not read, which errs on the safe side).
 */
final class ConfigClasses {

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(([^)]*)\\)");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\s*\\(([^)]*)\\)");
    /** An annotation value: a string literal (group 1) or the name of a constant (group 2). */
    private static final String VALUE = "(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([A-Za-z_][\\w.]*))";
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)\\s*=\\s*" + VALUE);
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)(?:default\\s+)?([\\w.]+(?:\\s*<[^;(){}]*>)?(?:\\[])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH =
            Pattern.compile("@(WithDefault|WithName|WithParentName)(?:\\s*\\(\\s*" + VALUE + "\\s*\\))?");
    private static final Pattern OPTIONAL = Pattern.compile("Optional\\s*<\\s*([\\w.]+)\\s*>");
    private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");
    private static final Pattern TYPE = Pattern.compile("(?<![\\w.])(class|interface|enum|record)\\s+(\\w+)[^{;]*\\{");
    private static final Pattern STRING_CONSTANT = Pattern.compile(
            "((?:\\b(?:public|protected|private|static|final)\\s+)*)String\\s+(\\w+)\\s*=\\s*"
                    + "\"((?:[^\"\\\\]|\\\\.)*)\"\\s*;");
    private static final String COMMON_SOURCES = "common/src/main/java";

    private ConfigClasses() {
    }

    /**
     * Property name to default value (null when it has none), for every property read under {@code srcMainJava};
     * constants named as values are looked up there and in common's sources.
     */
    static Map<String, String> declaredProperties(Path srcMainJava) {
        Map<String, String> found = new TreeMap<>();
        if (!Files.isDirectory(srcMainJava)) {
            return found;
        }
        List<Path> sources = javaFiles(srcMainJava);
        Map<String, String> constants = new HashMap<>();
        for (Path file : sources) {
            constants.putAll(constants(Repo.read(file)));
        }
        for (Path file : javaFiles(Repo.path(COMMON_SOURCES))) {
            constants.putAll(constants(Repo.read(file)));
        }
        for (Path file : sources) {
            found.putAll(parse(Repo.read(file), constants));
        }
        return found;
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The properties {@code source} reads, with their defaults.
     *
     * @param constants what {@link #constants} found in the sources the module compiles with, for values that name
     *                  a constant
     */
    static Map<String, String> parse(String source, Map<String, String> constants) {
        String code = stripComments(source);
        Map<String, String> found = new TreeMap<>();

        Matcher property = CONFIG_PROPERTY.matcher(code);
        while (property.find()) {
            String name = attribute(property.group(1), "name", constants);
            if (name != null) {
                found.put(name, attribute(property.group(1), "defaultValue", constants));
            }
        }

        Matcher mapping = CONFIG_MAPPING.matcher(code);
        if (mapping.find()) {
            String prefix = Objects.requireNonNullElse(attribute(mapping.group(1), "prefix", constants), "");
            Map<String, String> bodies = interfaceBodies(code);
            Matcher root = INTERFACE.matcher(code);
            if (root.find(mapping.end())) {
                walk(root.group(1), prefix, bodies, constants, found, 0);
            }
        }
        return found;
    }

    /**
     * The String constants {@code source} declares with a literal value, by qualified name
     * ({@code dev.visage.worker.engine.EngineSettings.Defaults.SCORE_THRESHOLD}): {@code static final} fields and
     * interface fields declared directly in a class, interface, enum or record body.
     */
    static Map<String, String> constants(String source) {
        String code = stripComments(source);
        Matcher pkg = PACKAGE.matcher(code);
        String packagePrefix = pkg.find() ? pkg.group(1) + "." : "";
        List<TypeBody> types = new ArrayList<>();
        Matcher type = TYPE.matcher(code);
        while (type.find()) {
            int open = type.end() - 1;
            TypeBody outer = innermost(types, open);
            types.add(new TypeBody((outer == null ? packagePrefix : outer.name() + ".") + type.group(2),
                    type.group(1).equals("interface"), open, matchingBrace(code, open)));
        }
        int[] depth = braceDepths(code);
        Map<String, String> constants = new TreeMap<>();
        Matcher constant = STRING_CONSTANT.matcher(code);
        while (constant.find()) {
            TypeBody owner = innermost(types, constant.start());
            List<String> modifiers = List.of(constant.group(1).trim().split("\\s+"));
            boolean isConstant = owner != null && depth[constant.start()] == depth[owner.open()] + 1
                    && (owner.isInterface() || modifiers.contains("static") && modifiers.contains("final"));
            if (isConstant) {
                constants.put(owner.name() + "." + constant.group(2), restore(constant.group(3)));
            }
        }
        return constants;
    }

    /**
     * The value of the constant {@code reference} names, as code names it: qualified, or by its type's simple name
     * ({@code KafkaContract.REQUEST_TOPIC}, {@code EngineSettings.Defaults.SCORE_THRESHOLD}).
     */
    static String resolve(String reference, Map<String, String> constants) {
        Set<String> values = new TreeSet<>();
        constants.forEach((name, value) -> {
            if (name.equals(reference) || name.endsWith("." + reference)) {
                values.add(value);
            }
        });
        if (values.size() != 1) {
            throw new IllegalStateException(values.isEmpty()
                    ? "a configuration annotation names " + reference + ", which is no static final String constant "
                    + "with a literal value in the module's or common's sources"
                    : "a configuration annotation names " + reference + ", which matches constants with different "
                    + "values " + values + "; name it by its qualified name");
        }
        return values.iterator().next();
    }

    /** The annotation value matched as {@link #VALUE} from {@code group}: a literal, a constant's value, or null. */
    private static String value(Matcher m, int group, Map<String, String> constants) {
        if (m.group(group) != null) {
            return restore(m.group(group));
        }
        return m.group(group + 1) == null ? null : resolve(m.group(group + 1), constants);
    }

    private static void walk(String iface, String prefix, Map<String, String> bodies, Map<String, String> constants,
                             Map<String, String> found, int depth) {
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
                    case "WithDefault" -> defaultValue = value(with, 2, constants);
                    case "WithName" -> name = value(with, 2, constants);
                    default -> parentName = true;
                }
            }
            String property = parentName ? prefix : prefix.isEmpty() ? name : prefix + "." + name;
            if (bodies.containsKey(type)) {
                walk(type, property, bodies, constants, found, depth + 1);
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

    /** The value of annotation attribute {@code key} in {@code text}; null when it is not set. */
    private static String attribute(String text, String key, Map<String, String> constants) {
        Matcher a = ATTRIBUTE.matcher(text);
        while (a.find()) {
            if (a.group(1).equals(key)) {
                return value(a, 2, constants);
            }
        }
        return null;
    }

    /** The innermost of {@code types} whose body holds {@code position}. */
    private static TypeBody innermost(List<TypeBody> types, int position) {
        TypeBody found = null;
        for (TypeBody type : types) {
            if (type.open() < position && position < type.close() && (found == null || type.open() > found.open())) {
                found = type;
            }
        }
        return found;
    }

    /** For each position of {@code code}, how many braces are open before it. */
    private static int[] braceDepths(String code) {
        int[] depths = new int[code.length() + 1];
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            depths[i + 1] = depths[i] + (c == '{' ? 1 : c == '}' ? -1 : 0);
        }
        return depths;
    }

    /** A class, interface, enum or record body: its qualified name and where its braces are. */
    private record TypeBody(String name, boolean isInterface, int open, int close) {
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
