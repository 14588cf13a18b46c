package dev.visage.worker.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Gathers items that arrive close together into one batch: a batch is handed to the processor as soon as it
 * holds {@code maxSize} items, {@code maxWait} after its first item arrived, or once no item has arrived for
 * {@code maxGap}, whichever comes first. The gap is what lets a lone request go at once: the photos of one call
 * arrive within a fraction of a millisecond of each other, and waiting out the whole window for photos that are
 * not coming only delays them. At most {@code inFlight} batches run at once, each on its own runner thread; items
 * that arrive while every slot is busy form the next batch.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
    }

    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Function<List<I>, List<O>> processor;
    private final int maxSize;
    private final long maxWaitNanos;
    private final long maxGapNanos;
    private final Semaphore slots;
    private final ExecutorService runners;
    private final Thread dispatcher;
    private volatile boolean running = true;

    /**
     * @param inFlight  how many batches may run at once
     * @param processor answers a batch with one result per item, in order; called from up to {@code inFlight}
     *                  threads at once
     */
    public MicroBatcher(String name, int maxSize, Duration maxWait, Duration maxGap, int inFlight,
                        Function<List<I>, List<O>> processor) {
        if (maxSize < 1 || inFlight < 1) {
            throw new IllegalArgumentException("maxSize and inFlight must be at least 1");
        }
        this.processor = processor;
        this.maxSize = maxSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.maxGapNanos = maxGap.toNanos();
        this.slots = new Semaphore(inFlight);
        AtomicInteger runnerCount = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(inFlight, task -> {
            Thread runner = new Thread(task, name + "-run-" + runnerCount.incrementAndGet());
            runner.setDaemon(true);
            return runner;
        });
        this.dispatcher = new Thread(this::dispatch, name);
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /** Queues an item; the future completes with its result once its batch has run. */
    public CompletableFuture<O> submit(I item) {
        CompletableFuture<O> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("batcher is closed"));
            return result;
        }
        queue.add(new Pending<>(item, result));
        return result;
    }

    private void dispatch() {
        while (running) {
            try {
                slots.acquire();
                List<Pending<I, O>> batch = nextBatch();
                if (batch.isEmpty()) {
                    slots.release();
                    continue;
                }
                runners.execute(() -> {
                    try {
                        run(batch);
                    } finally {
                        slots.release();
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failRemaining();
    }

    private List<Pending<I, O>> nextBatch() throws InterruptedException {
        List<Pending<I, O>> batch = new ArrayList<>(maxSize);
        Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxSize) {
            long left = Math.min(deadline - System.nanoTime(), maxGapNanos);
            Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Pending<I, O>> batch) {
        try {
            List<O> results = processor.apply(batch.stream().map(Pending::item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException("processor answered " + results.size() + " of " + batch.size());
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
        }
    }

    private void failRemaining() {
        Pending<I, O> p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new IllegalStateException("batcher is closed"));
        }
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        runners.shutdown();
        try {
            dispatcher.join(5_000);
            runners.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRemaining();
    }
}
