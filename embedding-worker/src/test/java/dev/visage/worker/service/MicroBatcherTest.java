package dev.visage.worker.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroBatcherTest {

    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    private List<String> echo(List<Integer> items) {
        batchSizes.add(items.size());
        return items.stream().map(i -> "#" + i).toList();
    }

    @Test
    void itemsArrivingTogetherShareOneBatchAndEachGetsItsOwnResult() throws Exception {
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 8, Duration.ofMillis(300),
                Duration.ofMillis(300), 1, this::echo)) {
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(batcher.submit(i));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("#" + i, results.get(i).get(5, TimeUnit.SECONDS));
            }
        }
        assertEquals(List.of(5), batchSizes);
    }

    @Test
    void aFullBatchGoesAtOnceWithoutWaitingForTheDeadline() throws Exception {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 4, Duration.ofSeconds(30),
                Duration.ofSeconds(30), 1, items -> {
            firstBatchStarted.countDown();
            return echo(items);
        })) {
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(batcher.submit(i));
            }
            assertEquals("#3", results.get(3).get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(4), batchSizes);
    }

    @Test
    void batchesNeverExceedTheirMaximumSize() throws Exception {
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 4, Duration.ofMillis(200),
                Duration.ofMillis(200), 1, this::echo)) {
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(batcher.submit(i));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        }
        assertEquals(10, batchSizes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(batchSizes.stream().allMatch(size -> size <= 4), batchSizes.toString());
    }

    @Test
    void aLoneItemWaitsNoLongerThanTheMaximumWait() throws Exception {
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 8, Duration.ofMillis(20),
                Duration.ofMillis(20), 1, this::echo)) {
            long start = System.nanoTime();
            assertEquals("#7", batcher.submit(7).get(5, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
        }
    }

    @Test
    void aBatchGoesOnceItemsStopArrivingWithoutWaitingOutTheMaximumWait() throws Exception {
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 8, Duration.ofSeconds(30),
                Duration.ofMillis(200), 1, this::echo)) {
            CompletableFuture<String> first = batcher.submit(1);
            Thread.sleep(20);
            CompletableFuture<String> second = batcher.submit(2);
            assertEquals("#1", first.get(10, TimeUnit.SECONDS));
            assertEquals("#2", second.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(2), batchSizes, "the second item came within the gap, so it joined the first");
    }

    @Test
    void anItemAfterTheGapStartsTheNextBatch() throws Exception {
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 8, Duration.ofSeconds(30),
                Duration.ofMillis(10), 1, this::echo)) {
            assertEquals("#1", batcher.submit(1).get(10, TimeUnit.SECONDS));
            assertEquals("#2", batcher.submit(2).get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 1), batchSizes);
    }

    @Test
    void withTwoInFlightANewBatchRunsWhileTheFirstIsStillRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 8, Duration.ofMillis(20),
                Duration.ofMillis(5), 2, items -> {
                    if (items.contains(1)) {
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return echo(items);
                })) {
            CompletableFuture<String> slow = batcher.submit(1);
            Thread.sleep(100);
            assertEquals("#2", batcher.submit(2).get(5, TimeUnit.SECONDS), "the second batch did not wait");
            assertFalse(slow.isDone());
            release.countDown();
            assertEquals("#1", slow.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailingBatchFailsEveryItemInItButNotTheNextBatch() throws Exception {
        try (MicroBatcher<Integer, String> batcher = new MicroBatcher<>("test", 8, Duration.ofMillis(50),
                Duration.ofMillis(50), 1, items -> {
            if (items.contains(13)) {
                throw new IllegalStateException("unlucky");
            }
            return echo(items);
        })) {
            CompletableFuture<String> unlucky = batcher.submit(13);
            ExecutionException failure = assertThrows(ExecutionException.class, () -> unlucky.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failure.getCause());
            assertEquals("#1", batcher.submit(1).get(5, TimeUnit.SECONDS));
        }
    }
}
