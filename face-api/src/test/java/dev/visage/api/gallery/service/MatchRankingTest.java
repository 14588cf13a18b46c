package dev.visage.api.gallery.service;

import dev.visage.api.gallery.repository.Subject;
import dev.visage.api.gallery.service.GalleryResults.Match;
import dev.visage.api.index.IndexMatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatchRankingTest {

    private static final UUID ADA = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final UUID CYD = UUID.randomUUID();
    private static final Map<UUID, Subject> SUBJECTS = Map.of(
            ADA, subject(ADA, "ada"), BOB, subject(BOB, "bob"), CYD, subject(CYD, "cyd"));

    @Test
    void eachSubjectAppearsOnceWithItsBestFaceBestFirst() {
        List<Match> ranked = MatchRanking.rank(List.of(
                match(BOB, 0.61), match(ADA, 0.52), match(ADA, 0.83), match(BOB, 0.47)), SUBJECTS, 0.45, 5);
        assertEquals(List.of("ada", "bob"), ranked.stream().map(Match::name).toList());
        assertEquals(0.83, ranked.get(0).similarity());
    }

    @Test
    void facesBelowTheThresholdNeverMatchSoAStrangerGetsNobody() {
        assertTrue(MatchRanking.rank(List.of(match(ADA, 0.449), match(BOB, 0.30)), SUBJECTS, 0.45, 5).isEmpty());
        assertEquals(Set.of(), MatchRanking.candidates(List.of(match(ADA, 0.449)), 0.45));
    }

    @Test
    void topKCutsTheListAfterRanking() {
        List<Match> ranked = MatchRanking.rank(List.of(match(CYD, 0.5), match(ADA, 0.9), match(BOB, 0.7)),
                SUBJECTS, 0.45, 2);
        assertEquals(List.of("ada", "bob"), ranked.stream().map(Match::name).toList());
    }

    @Test
    void aSubjectErasedSinceTheSearchIsLeftOut() {
        List<Match> ranked = MatchRanking.rank(List.of(match(ADA, 0.9), match(BOB, 0.8)),
                Map.of(BOB, SUBJECTS.get(BOB)), 0.45, 5);
        assertEquals(List.of("bob"), ranked.stream().map(Match::name).toList());
    }

    @Test
    void similaritiesAreReportedToFourDecimals() {
        assertEquals(0.8123, MatchRanking.rank(List.of(match(ADA, 0.812345)), SUBJECTS, 0.45, 1).get(0).similarity());
    }

    private static IndexMatch match(UUID subject, double similarity) {
        return new IndexMatch(UUID.randomUUID().toString(), subject.toString(), similarity);
    }

    private static Subject subject(UUID id, String name) {
        return new Subject(id, "default", null, name, Map.of(), null, null);
    }
}
