package dev.visage.api.ratelimit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    private static final double RATE = 2.0;
    private static final int BURST = 3;

    @Test
    void aFullBucketAllowsTheBurstAndThenRefuses() {
        TokenBucket bucket = TokenBucket.full(BURST, 1_000);
        for (int i = 0; i < BURST; i++) {
            TokenBucket.Taken taken = bucket.take(1_000, RATE, BURST);
            assertTrue(taken.allowed(), "request " + i);
            bucket = taken.after();
        }
        assertFalse(bucket.take(1_000, RATE, BURST).allowed());
    }

    @Test
    void tokensComeBackAtTheRateButNeverBeyondTheBurst() {
        TokenBucket empty = new TokenBucket(0, 1_000);
        assertFalse(empty.take(1_400, RATE, BURST).allowed(), "0.8 of a token after 400 ms at 2/s");
        assertTrue(empty.take(1_500, RATE, BURST).allowed(), "one token after 500 ms");
        assertEquals(BURST - 1, empty.take(100_000, RATE, BURST).after().tokens(), 1e-9);
    }

    @Test
    void aClockGoingBackwardsGivesNothing() {
        TokenBucket bucket = new TokenBucket(0.5, 5_000);
        TokenBucket.Taken taken = bucket.take(4_000, RATE, BURST);
        assertFalse(taken.allowed());
        assertEquals(0.5, taken.after().tokens(), 1e-9);
        assertEquals(5_000, taken.after().atMillis());
    }

    @Test
    void theDecisionTellsWhenToComeBackAndWhenTheBucketIsFull() {
        RateDecision refused = RateDecision.of(false, 0.25, RATE, BURST, "redis");
        assertEquals(1, refused.retryAfterSeconds(), "0.75 token at 2/s is 0.375 s, told as 1 s");
        assertEquals(0, refused.remaining());
        assertEquals(2, refused.resetSeconds(), "2.75 tokens at 2/s");
        RateDecision allowed = RateDecision.of(true, 1.5, RATE, BURST, "local");
        assertEquals(0, allowed.retryAfterSeconds());
        assertEquals(1, allowed.remaining());
    }
}
