package dev.visage.worker.engine.runtime;

/**
 * The provider asked for, the one in use, and a sentence saying why they differ (null when they do not).
 */
public record ExecutionProviderChoice(ExecutionProvider requested, ExecutionProvider chosen, String reason) {

    public boolean fellBack() {
        return requested != chosen;
    }
}
