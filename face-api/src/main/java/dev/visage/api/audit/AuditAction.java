package dev.visage.api.audit;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What the audit log records: every use of the gallery and every change of keys. 1:1 verify and detect, which
 * keep nothing and read nothing stored, are not recorded. */
public enum AuditAction {
    CREATE_SUBJECT,
    LIST_SUBJECTS,
    READ_SUBJECT,
    DELETE_SUBJECT,
    ENROL_FACE,
    CREATE_ENROLMENT_JOB,
    READ_ENROLMENT_JOB,
    DELETE_FACE,
    IDENTIFY,
    VERIFY_SUBJECT,
    CREATE_KEY,
    LIST_KEYS,
    READ_KEY,
    REVOKE_KEY,
    READ_AUDIT,
    REENCRYPT_TEMPLATES,
    SET_RETENTION,
    ERASE_COLLECTION,
    RETENTION_ERASURE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditAction fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
