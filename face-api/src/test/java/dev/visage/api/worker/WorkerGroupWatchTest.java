package dev.visage.api.worker;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class WorkerGroupWatchTest {

    private final EmbeddingWorkerClient client = mock(EmbeddingWorkerClient.class);
    private final WorkerHeartbeats heartbeats = mock(WorkerHeartbeats.class);
    private final WorkerClientConfig config = mock(WorkerClientConfig.class);
    private final WorkerGroupWatch watch = new WorkerGroupWatch(client, heartbeats, config);
    private final AtomicInteger emptied = new AtomicInteger();

    WorkerGroupWatchTest() {
        when(config.consumerGroup()).thenReturn("visage-embedding-workers");
        when(config.missedHeartbeats()).thenReturn(4);
        watch.whenEmptied(emptied::incrementAndGet);
    }

    @Test
    void aDeadWorkerStillInTheGroupIsToldByItsMissedHeartbeats() {
        when(client.activeWorkers()).thenReturn(1);
        when(heartbeats.hear()).thenReturn(new WorkerHeartbeats.Hearing(1, true));
        watch.look();
        watch.listen();
        assertFalse(watch.noWorkerAlive());

        when(heartbeats.hear()).thenReturn(new WorkerHeartbeats.Hearing(0, true));
        watch.listen();
        assertTrue(watch.noWorkerAlive(), "Kafka still lists the member, but it has stopped beating");
        assertEquals(1, emptied.get(), "the photos waiting for it are answered");
        assertTrue(watch.whyNoWorker().contains("heartbeat"), watch.whyNoWorker());

        watch.look();
        watch.listen();
        assertEquals(1, emptied.get(), "answered once, not on every look");
    }

    @Test
    void anEmptyGroupMeansNoWorkerWhateverTheHeartbeats() {
        when(heartbeats.hear()).thenReturn(new WorkerHeartbeats.Hearing(1, true));
        when(client.activeWorkers()).thenReturn(1);
        watch.listen();
        watch.look();
        when(client.activeWorkers()).thenReturn(0);
        watch.look();
        assertTrue(watch.noWorkerAlive(), "a worker that beats but has not joined the group gets no photos");
        assertEquals("the consumer group visage-embedding-workers has no member", watch.whyNoWorker());
        assertEquals(1, emptied.get());
    }

    @Test
    void whileNeitherIsKnownPhotosAreNotRefused() {
        when(heartbeats.hear()).thenReturn(new WorkerHeartbeats.Hearing(0, false));
        when(client.activeWorkers()).thenThrow(new IllegalStateException("Kafka unreachable"));
        watch.listen();
        watch.look();
        assertFalse(watch.noWorkerAlive());
        assertEquals(0, emptied.get());
    }
}
