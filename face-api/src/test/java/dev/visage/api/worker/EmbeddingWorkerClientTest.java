package dev.visage.api.worker;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingWorkerClientTest {

    @Test
    void thePhotosOfOneCallShareAPartitionAndCallsSpreadOverAll() {
        String call = UUID.randomUUID().toString();
        assertEquals(EmbeddingWorkerClient.partitionFor(call, 4), EmbeddingWorkerClient.partitionFor(call, 4));

        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int partition = EmbeddingWorkerClient.partitionFor(UUID.randomUUID().toString(), 4);
            assertTrue(partition >= 0 && partition < 4, "partition " + partition);
            used.add(partition);
        }
        assertEquals(Set.of(0, 1, 2, 3), used);
    }
}
