package dev.visage.api.gallery.repository;

import java.util.Set;
import java.util.UUID;

/**
 * The faces of one collection that may be in the index: every one not being erased ({@code live}), and those of
 * them whose enrolment is complete ({@code active}), which must be.
 */
public record LiveFaces(Set<UUID> live, Set<UUID> active) {
}
