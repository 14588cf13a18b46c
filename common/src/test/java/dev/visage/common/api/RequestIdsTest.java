package dev.visage.common.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestIdsTest {

    @Test
    void aSaneCallerIdIsKept() {
        assertEquals("req-123_a.b", RequestIds.accept("req-123_a.b"));
    }

    @Test
    void anythingThatCouldForgeALogLineOrIsTooLongIsReplaced() {
        for (String offered : new String[]{null, "", "two words", "line\nbreak", "x".repeat(65), "<script>"}) {
            String id = RequestIds.accept(offered);
            assertNotEquals(offered, id);
            assertTrue(RequestIds.isSane(id), id);
        }
    }
}
