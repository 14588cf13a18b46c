package dev.visage.api.worker;

import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WorkerAdmissionTest {

    private final WorkerGroupWatch workers = mock(WorkerGroupWatch.class);
    private final WorkerClientConfig config = mock(WorkerClientConfig.class);
    private final EmbeddingWorkerClient client = mock(EmbeddingWorkerClient.class);

    WorkerAdmissionTest() {
        when(config.maxInFlight()).thenReturn(2);
        when(config.consumerGroup()).thenReturn("visage-embedding-workers");
        when(workers.last()).thenReturn(WorkerGroupWatch.Observation.of(0));
    }

    @Test
    void beyondTheLimitAPhotoIsRefusedAtOnceAndAdmittedAgainWhenAPlaceIsFree() {
        WorkerAdmission admission = new WorkerAdmission(workers, client, config, new SimpleMeterRegistry());
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        UniAssertSubscriber<String> a = admission.admit(() -> Uni.createFrom().completionStage(first))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        admission.admit(() -> Uni.createFrom().completionStage(second))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertEquals(2, admission.photosInFlight());

        VisageException busy = (VisageException) admission.admit(() -> Uni.createFrom().item("third"))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(VisageException.class)
                .getFailure();
        assertEquals(503, busy.httpStatus());
        assertEquals(1, busy.retryAfterSeconds());

        first.complete("answer");
        a.assertItem("answer");
        assertEquals(1, admission.photosInFlight());
        admission.admit(() -> Uni.createFrom().item("fourth"))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem("fourth");
    }

    @Test
    void aFailedAnswerFreesItsPlaceToo() {
        WorkerAdmission admission = new WorkerAdmission(workers, client, config, new SimpleMeterRegistry());
        admission.admit(() -> Uni.createFrom().failure(new IllegalStateException("timeout")))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(IllegalStateException.class);
        assertEquals(0, admission.photosInFlight());
    }

    @Test
    void whenTheLastWorkerLeavesThePhotosWaitingForItAreAnsweredAtOnce() {
        ArgumentCaptor<Runnable> reaction = ArgumentCaptor.forClass(Runnable.class);
        new WorkerAdmission(workers, client, config, new SimpleMeterRegistry());
        verify(workers).whenEmptied(reaction.capture());
        reaction.getValue().run();
        ArgumentCaptor<VisageException> failure = ArgumentCaptor.forClass(VisageException.class);
        verify(client).failPending(failure.capture());
        assertEquals(503, failure.getValue().httpStatus());
        assertEquals(5, failure.getValue().retryAfterSeconds());
    }

    @Test
    void withNoWorkerInTheGroupNothingIsSentAndTheCallerHearsWhenToRetry() {
        when(workers.noWorkerAlive()).thenReturn(true);
        WorkerAdmission admission = new WorkerAdmission(workers, client, config, new SimpleMeterRegistry());
        AtomicInteger sent = new AtomicInteger();
        VisageException e = (VisageException) admission.admit(() -> {
                    sent.incrementAndGet();
                    return Uni.createFrom().item("never");
                })
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(VisageException.class)
                .getFailure();
        assertEquals(0, sent.get());
        assertEquals("Embedding Worker", e.service());
        assertEquals(5, e.retryAfterSeconds());
    }

    @Test
    void silentWorkersAndAnUndescribableGroupAreRefusedInKafkasName() {
        when(workers.noWorkerAlive()).thenReturn(true);
        when(workers.last()).thenReturn(WorkerGroupWatch.Observation.unknown("the worker group could not be "
                + "described in time"));
        WorkerAdmission admission = new WorkerAdmission(workers, client, config, new SimpleMeterRegistry());
        VisageException e = (VisageException) admission.admit(() -> Uni.createFrom().item("never"))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(VisageException.class)
                .getFailure();
        assertEquals("Kafka", e.service());
        assertEquals(5, e.retryAfterSeconds());
    }
}
