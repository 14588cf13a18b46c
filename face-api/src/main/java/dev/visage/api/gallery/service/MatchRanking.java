package dev.visage.api.gallery.service;

import dev.visage.api.gallery.repository.Subject;
import dev.visage.api.gallery.service.GalleryResults.Match;
import dev.visage.api.index.IndexMatch;
import dev.visage.common.face.Similarity;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns the index's nearest faces into the people an identification answers: the best face per subject, at or
 * above the threshold, best first, at most {@code topK}. A stranger's nearest neighbours fall below the threshold
 * and are dropped: nobody is forced onto the closest enrolled subject.
 */
final class MatchRanking {

    private MatchRanking() {
    }

    /** The subjects that can match at all, so only those are looked up. */
    static Set<UUID> candidates(List<IndexMatch> found, double threshold) {
        return found.stream().filter(m -> m.similarity() >= threshold)
                .map(m -> UUID.fromString(m.subjectId()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Subjects missing from {@code subjectsById} (erased meanwhile) are left out. */
    static List<Match> rank(List<IndexMatch> found, Map<UUID, Subject> subjectsById, double threshold, int topK) {
        Map<UUID, IndexMatch> best = new LinkedHashMap<>();
        for (IndexMatch m : found) {
            if (m.similarity() < threshold) {
                continue;
            }
            best.merge(UUID.fromString(m.subjectId()), m, (a, b) -> b.similarity() > a.similarity() ? b : a);
        }
        return best.entrySet().stream()
                .filter(e -> subjectsById.containsKey(e.getKey()))
                .sorted(Comparator.comparingDouble((Map.Entry<UUID, IndexMatch> e) -> e.getValue().similarity())
                        .reversed())
                .limit(topK)
                .map(e -> {
                    Subject s = subjectsById.get(e.getKey());
                    return new Match(s.id(), s.externalId(), s.name(), Similarity.rounded(e.getValue().similarity()),
                            UUID.fromString(e.getValue().faceId()));
                })
                .toList();
    }
}
