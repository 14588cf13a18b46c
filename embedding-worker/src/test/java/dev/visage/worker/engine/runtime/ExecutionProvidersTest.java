package dev.visage.worker.engine.runtime;

import static dev.visage.worker.engine.runtime.ExecutionProvider.CPU;
import static dev.visage.worker.engine.runtime.ExecutionProvider.CUDA;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutionProvidersTest {

    @Test
    void cpuRequestedRunsOnCpuWhateverElseIsAvailable() {
        for (Set<ExecutionProvider> available : Set.of(Set.of(CPU), Set.of(CPU, CUDA), Set.<ExecutionProvider>of())) {
            ExecutionProviderChoice choice = ExecutionProviders.choose(CPU, available);
            assertEquals(new ExecutionProviderChoice(CPU, CPU, null), choice, "available " + available);
            assertFalse(choice.fellBack());
        }
    }

    @Test
    void cudaRequestedRunsOnCudaWhenTheBuildHasIt() {
        ExecutionProviderChoice choice = ExecutionProviders.choose(CUDA, Set.of(CPU, CUDA));
        assertEquals(CUDA, choice.chosen());
        assertFalse(choice.fellBack());
        assertNull(choice.reason());
    }

    @Test
    void cudaRequestedFallsBackToCpuWithTheFixWhenTheBuildLacksIt() {
        ExecutionProviderChoice choice = ExecutionProviders.choose(CUDA, Set.of(CPU));
        assertEquals(CUDA, choice.requested());
        assertEquals(CPU, choice.chosen());
        assertTrue(choice.fellBack());
        assertTrue(choice.reason().contains("no CUDA execution provider"), choice.reason());
        assertTrue(choice.reason().contains("-Pgpu"), choice.reason());
    }

    @Test
    void cudaThatFailsToStartFallsBackToCpuSayingWhy() {
        OrtException noDevice = new OrtException("CUDA failure 100: no CUDA-capable device is detected");
        ExecutionProviderChoice choice = ExecutionProviders.cudaFailedToStart(CUDA, noDevice);
        assertEquals(CPU, choice.chosen());
        assertTrue(choice.fellBack());
        assertTrue(choice.reason().contains("no CUDA-capable device"), choice.reason());
    }

    @Test
    void cpuIsAlwaysAvailable() {
        assertTrue(ExecutionProviders.available().contains(CPU));
    }

    @Test
    void cpuSessionOptionsAreBuilt() {
        assertDoesNotThrow(() -> ExecutionProviders.sessionOptions(CPU, 2).close());
    }

    @Test
    void cudaSessionOptionsFailOnABuildWithoutCuda() {
        assumeFalse(ExecutionProviders.available().contains(CUDA), "this is the -Pgpu build");
        assertThrows(OrtException.class, () -> ExecutionProviders.sessionOptions(CUDA, 0));
    }
}
