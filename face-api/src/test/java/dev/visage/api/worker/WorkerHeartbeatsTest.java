package dev.visage.api.worker;

import dev.visage.common.messaging.KafkaConnection;
import dev.visage.common.messaging.WorkerHeartbeat;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class WorkerHeartbeatsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final WorkerHeartbeats heartbeats;

    WorkerHeartbeatsTest() {
        WorkerClientConfig config = mock(WorkerClientConfig.class);
        when(config.missedHeartbeats()).thenReturn(4);
        heartbeats = new WorkerHeartbeats(config, KafkaConnection.plaintext("unused:9092"), now::get);
    }

    @Test
    void silenceMeansNothingUntilABeatWasHeardOrTheTopicWasReadForAWhile() {
        assertFalse(heartbeats.hear().known());
        heartbeats.startedListening();
        pass(Duration.ofSeconds(4));
        assertFalse(heartbeats.hear().known(), "four seconds of listening: a worker may not have beaten yet");
        pass(Duration.ofSeconds(1));
        assertEquals(new WorkerHeartbeats.Hearing(0, true), heartbeats.hear());
    }

    @Test
    void aWorkerIsGoneAfterFourOfItsOwnIntervalsWithoutABeat() {
        heartbeats.startedListening();
        heartbeats.heard(beat("w1", 250));
        heartbeats.heard(beat("w2", 1000));
        assertEquals(new WorkerHeartbeats.Hearing(2, true), heartbeats.hear());

        pass(Duration.ofMillis(1000));
        assertEquals(2, heartbeats.hear().live(), "exactly at the limit still counts");
        pass(Duration.ofMillis(1));
        assertEquals(1, heartbeats.hear().live(), "w1 beats every 250 ms and missed four");
        pass(Duration.ofMillis(3000));
        assertEquals(new WorkerHeartbeats.Hearing(0, true), heartbeats.hear());

        heartbeats.heard(beat("w1", 250));
        assertEquals(1, heartbeats.hear().live(), "a worker that beats again is back at once");
    }

    @Test
    void aWorkerThatDoesNotSayItsIntervalIsTakenToBeatEvery250Ms() {
        heartbeats.heard(beat("old", 0));
        pass(Duration.ofMillis(1000));
        assertEquals(1, heartbeats.hear().live());
        pass(Duration.ofMillis(1));
        assertEquals(new WorkerHeartbeats.Hearing(0, true), heartbeats.hear());
    }

    /** Time passes while the reader keeps polling. */
    @Test
    void anAnswerFromAWorkerCountsAsABeat() {
        heartbeats.startedListening();
        heartbeats.heard(beat("w1", 250));
        pass(Duration.ofMillis(900));
        heartbeats.answeredBy("w1");
        pass(Duration.ofMillis(900));
        assertEquals(1, heartbeats.hear().live(), "its beats are late, but it answered 900 ms ago");
    }

    @Test
    void silenceIsNotBelievedWhileTheReaderIsBehind() {
        heartbeats.startedListening();
        heartbeats.heard(beat("w1", 250));
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        assertEquals(new WorkerHeartbeats.Hearing(0, false), heartbeats.hear(),
                "no poll for 1.5 s: this instance was starved, the worker may be fine");
        heartbeats.polled();
        assertEquals(new WorkerHeartbeats.Hearing(0, true), heartbeats.hear());
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
        heartbeats.polled();
    }

    private static WorkerHeartbeat beat(String worker, long intervalMillis) {
        return new WorkerHeartbeat(worker, true, "model", "CPU", "CPU", null, null, 0, System.currentTimeMillis(),
                intervalMillis);
    }
}
