package dev.visage.deploy;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** Collects every violation of a rule, so that one run names all of them, then fails once with the list. */
final class Problems {

    private final List<String> problems = new ArrayList<>();

    void add(String problem) {
        problems.add(problem);
    }

    void check(boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    void assertNone() {
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
    }
}
