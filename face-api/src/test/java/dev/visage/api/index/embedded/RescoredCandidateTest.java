package dev.visage.api.index.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RescoredCandidateTest {

    @Test
    void bestKeepsTheTopKByExactSimilarityWhateverOrderTheGraphFoundThemIn() {
        List<RescoredCandidate> found = List.of(new RescoredCandidate(4, 0.31), new RescoredCandidate(9, 0.72),
                new RescoredCandidate(1, -0.05), new RescoredCandidate(7, 0.48));

        assertEquals(List.of(new RescoredCandidate(9, 0.72), new RescoredCandidate(7, 0.48)),
                RescoredCandidate.best(found, 2));
    }

    @Test
    void equalSimilaritiesRankInIndexOrder() {
        List<RescoredCandidate> found = List.of(new RescoredCandidate(8, 0.5), new RescoredCandidate(3, 0.5),
                new RescoredCandidate(5, 0.5));

        assertEquals(List.of(3, 5, 8), RescoredCandidate.best(found, 3).stream().map(RescoredCandidate::doc).toList());
    }

    @Test
    void bestOfFewerThanTopKReturnsThemAll() {
        assertEquals(1, RescoredCandidate.best(List.of(new RescoredCandidate(0, 0.1)), 10).size());
    }

    @Test
    void cosineClampsRoundingOutsideMinusOneToOne() {
        assertEquals(1.0, RescoredCandidate.cosine(1.0000002f));
        assertEquals(-1.0, RescoredCandidate.cosine(-1.0000002f));
        assertEquals(0.25, RescoredCandidate.cosine(0.25f), 1e-7);
    }
}
