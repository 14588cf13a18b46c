package dev.visage.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A Dockerfile read into instructions (continuations joined, comments dropped), split into stages. */
final class Dockerfile {

    record Instruction(String keyword, String args) {
    }

    final Path path;
    final List<Instruction> all = new ArrayList<>();

    private Dockerfile(Path path) {
        this.path = path;
    }

    static Dockerfile read(Path path) {
        Dockerfile d = new Dockerfile(path);
        StringBuilder logical = new StringBuilder();
        for (String line : Repo.read(path).split("\n", -1)) {
            String trimmed = line.strip();
            if (logical.isEmpty() && (trimmed.startsWith("#") || trimmed.isEmpty())) {
                continue;
            }
            if (!logical.isEmpty() && trimmed.startsWith("#")) {
                continue; // a comment line inside a continued instruction
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String text = logical.toString().strip();
            logical.setLength(0);
            int space = text.indexOf(' ');
            d.all.add(space < 0 ? new Instruction(text.toUpperCase(Locale.ROOT), "")
                    : new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
        }
        return d;
    }

    static boolean exists(Path path) {
        return Files.isRegularFile(path);
    }

    /** The instructions of the last stage (from its FROM on): what the image is. */
    List<Instruction> finalStage() {
        int last = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return all.subList(last, all.size());
    }

    /** The instructions of the stage named {@code name} ({@code FROM ... AS name}). */
    List<Instruction> stage(String name) {
        List<Instruction> stage = new ArrayList<>();
        boolean in = false;
        for (Instruction i : all) {
            if (i.keyword().equals("FROM")) {
                in = i.args().toLowerCase(Locale.ROOT).matches(".*\\bas\\s+" + name.toLowerCase(Locale.ROOT) + "\\s*$");
            }
            if (in) {
                stage.add(i);
            }
        }
        return stage;
    }

    static List<String> args(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
    }

    /** The ENV of a stage (later assignments win). */
    static Map<String, String> env(List<Instruction> instructions) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String args : args(instructions, "ENV")) {
            List<String> words = words(args);
            if (!words.isEmpty() && !words.get(0).contains("=")) {
                env.put(words.get(0), String.join(" ", words.subList(1, words.size())));
            } else {
                for (String w : words) {
                    int eq = w.indexOf('=');
                    if (eq > 0) {
                        env.put(w.substring(0, eq), w.substring(eq + 1));
                    }
                }
            }
        }
        return env;
    }

    /** Shell-like words: whitespace splits, quotes group and are removed. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                any = true;
            } else if (Character.isWhitespace(c)) {
                if (any || !w.isEmpty()) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
            }
        }
        if (any || !w.isEmpty()) {
            words.add(w.toString());
        }
        return words;
    }

    /** COPY/ADD sources taken from the build context (no --from), without flags. */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (Instruction i : all) {
            if (!i.keyword().equals("COPY") && !i.keyword().equals("ADD")) {
                continue;
            }
            List<String> words = words(i.args());
            if (words.stream().anyMatch(w -> w.startsWith("--from"))) {
                continue;
            }
            List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
            sources.addAll(paths.subList(0, Math.max(0, paths.size() - 1)));
        }
        return sources;
    }

    @Override
    public String toString() {
        return Repo.ROOT.relativize(path).toString();
    }
}
