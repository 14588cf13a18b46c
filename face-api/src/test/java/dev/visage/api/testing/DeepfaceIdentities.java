package dev.visage.api.testing;

import dev.visage.testing.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The people in the deepface photos: every "Yes" pair of the two labelled lists joins two photos into one
 * identity (union-find), so identities come from the labels, not from the model under test.
 */
public final class DeepfaceIdentities {

    private DeepfaceIdentities() {
    }

    /** Photo names grouped by person, each group sorted, groups in a stable order. */
    public static List<List<String>> load() {
        Map<String, String> parent = new HashMap<>();
        Path dir = Fixtures.sharedDir().resolve("faces").resolve("deepface");
        for (String list : List.of("master.csv", "face-recognition-pivot.csv")) {
            for (String[] row : rows(dir.resolve(list))) {
                String a = name(row[0]);
                String b = name(row[1]);
                parent.putIfAbsent(a, a);
                parent.putIfAbsent(b, b);
                if (row[2].strip().equalsIgnoreCase("Yes")) {
                    parent.put(root(parent, a), root(parent, b));
                }
            }
        }
        Map<String, List<String>> groups = new TreeMap<>();
        for (String photo : parent.keySet()) {
            groups.computeIfAbsent(root(parent, photo), k -> new ArrayList<>()).add(photo);
        }
        List<List<String>> people = new ArrayList<>();
        for (List<String> group : groups.values()) {
            group.sort(DeepfaceIdentities::byNumber);
            people.add(group);
        }
        people.sort((x, y) -> byNumber(x.get(0), y.get(0)));
        return people;
    }

    private static List<String[]> rows(Path csv) {
        try {
            return Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1).strip();
    }

    private static String root(Map<String, String> parent, String x) {
        while (!parent.get(x).equals(x)) {
            x = parent.get(x);
        }
        return x;
    }

    private static int byNumber(String a, String b) {
        return Integer.compare(number(a), number(b));
    }

    private static int number(String photo) {
        String digits = photo.replaceAll("\\D", "");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
