package dev.visage.api.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key may do. {@code admin} includes every other scope: an administrator who manages keys may also
 * use the API, and the bootstrap key of a fresh installation must be able to try it.
 */
public enum Scope {
    /** 1:1 verify and detect: compares photos a client brings, touches no gallery. */
    VERIFY,
    /** 1:N identify and verify against an enrolled subject: reads the gallery. */
    IDENTIFY,
    /** Create and list subjects, enrol and delete faces and subjects: writes the gallery. */
    ENROL,
    /** Keys, the audit log and whole-collection erasure; includes the scopes above. */
    ADMIN;

    /** The role names Quarkus Security checks in {@code @RolesAllowed}. */
    public static final String VERIFY_ROLE = "verify";
    public static final String IDENTIFY_ROLE = "identify";
    public static final String ENROL_ROLE = "enrol";
    public static final String ADMIN_ROLE = "admin";

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Scope fromWireName(String name) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + name + "'; known: verify, identify, enrol, admin");
    }

    /** The scopes a key holding these really has: {@code admin} brings all of them. */
    public static Set<Scope> granted(Set<Scope> scopes) {
        return scopes.contains(ADMIN) ? EnumSet.allOf(Scope.class) : EnumSet.copyOf(scopes);
    }
}
