package dev.visage.deploy;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reading of config classes that the env-var checks rely on: first on a sample, then on the real modules. */
class ConfigClassesTest {

    @Test
    void aConfigMappingBecomesKebabCasePropertiesWithTheirDefaults() {
        String source = """
                package x;
                /** Javadoc with {braces} and a fake method: Foo bar(); */
                @ConfigMapping(prefix = "visage.sample")
                public interface SampleConfig {
                    // Gone gone();
                    @WithDefault("embedded")
                    Kind index();
                    Nested nested();
                    Optional<String> token();
                    @WithName("renamed-thing")
                    int someThing();
                    @WithDefault("{not a brace}")
                    String braces();
                    enum Kind { embedded, milvus }
                    interface Nested {
                        @WithDefault("15s")
                        Duration maxWait();
                    }
                }
                class Other {
                    Other(@ConfigProperty(name = "visage.other.interval", defaultValue = "5s") Duration d) { }
                }
                """;
        Map<String, String> expected = new HashMap<>();
        expected.put("visage.sample.index", "embedded");
        expected.put("visage.sample.nested.max-wait", "15s");
        expected.put("visage.sample.token", null);
        expected.put("visage.sample.renamed-thing", null);
        expected.put("visage.sample.braces", "{not a brace}");
        expected.put("visage.other.interval", "5s");
        assertEquals(expected, ConfigClasses.parse(source, Map.of()));
    }

    @Test
    void aValueNamingAConstantTakesTheValueOfItsDeclaration() {
        String settings = """
                package dev.sample.engine;
                public record Settings(float score) {
                    public static Settings defaults() {
                        final String local = "not a field";
                        return new Settings(Float.parseFloat(Defaults.SCORE));
                    }
                    public static final class Defaults {
                        public static final String SCORE = "0.6";
                        static final String WAIT = "5ms";
                        public final String notStatic = "an instance field";
                        public static final String NOT_LITERAL = SCORE + "0";
                        private Defaults() { }
                    }
                }
                """;
        String contract = """
                package dev.sample.common;
                public interface Contract {
                    String TOPIC = "sample.requests";
                    int PARTITIONS = 4;
                }
                """;
        Map<String, String> constants = new HashMap<>(ConfigClasses.constants(settings));
        constants.putAll(ConfigClasses.constants(contract));
        assertEquals(Map.of(
                "dev.sample.engine.Settings.Defaults.SCORE", "0.6",
                "dev.sample.engine.Settings.Defaults.WAIT", "5ms",
                "dev.sample.common.Contract.TOPIC", "sample.requests"), constants);

        String config = """
                package dev.sample.config;
                @ConfigMapping(prefix = "visage.sample")
                public interface SampleConfig {
                    @WithDefault(Settings.Defaults.SCORE)
                    float score();
                    @WithDefault(dev.sample.engine.Settings.Defaults.WAIT)
                    Duration maxWait();
                }
                class Other {
                    Other(@ConfigProperty(name = "visage.other.topic", defaultValue = Contract.TOPIC) String topic) { }
                }
                """;
        assertEquals(Map.of(
                "visage.sample.score", "0.6",
                "visage.sample.max-wait", "5ms",
                "visage.other.topic", "sample.requests"), ConfigClasses.parse(config, constants));
    }

    @Test
    void aValueNamingAnUnknownOrAmbiguousConstantFailsRatherThanReadingAsNoDefault() {
        Map<String, String> constants = Map.of(
                "dev.a.Settings.Defaults.SCORE", "0.6",
                "dev.a.Limits.SIZE", "32",
                "dev.b.Limits.SIZE", "64");
        for (String reference : new String[] {"Settings.Defaults.MISSING", "Limits.SIZE"}) {
            String config = """
                    @ConfigMapping(prefix = "visage.sample")
                    public interface SampleConfig {
                        @WithDefault(%s)
                        int value();
                    }
                    """.formatted(reference);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ConfigClasses.parse(config, constants));
            assertTrue(e.getMessage().contains(reference), e.getMessage());
        }
        assertEquals("64", ConfigClasses.resolve("dev.b.Limits.SIZE", constants));
    }

    @Test
    void theEnvironmentFormOfAPropertyIsUpperCaseWithUnderscores() {
        assertEquals("QUARKUS_HTTP_HOST", ServiceConfig.envName("quarkus.http.host"));
        assertEquals("VISAGE_GALLERY_MILVUS_URI", ServiceConfig.envName("visage.gallery.milvus.uri"));
        assertEquals("VISAGE_WORKER_BATCH_MAX_SIZE", ServiceConfig.envName("visage.worker.batch.max-size"));
    }

    @Test
    void theRealModulesDeclareWhatTheReadmeDocuments() {
        ServiceConfig api = Repo.service("face-api");
        ServiceConfig worker = Repo.service("embedding-worker");
        assertEquals("15s", api.defaultFor("VISAGE_API_WORKER_TIMEOUT"));
        assertTrue(api.reads("VISAGE_GALLERY_INDEX"), "face-api reads visage.gallery.index");
        assertTrue(api.reads("VISAGE_DB_URL"));
        assertTrue(api.reads("QUARKUS_SHUTDOWN_TIMEOUT"));
        assertTrue(worker.reads("VISAGE_WORKER_BATCH_MAX_SIZE"));
        assertEquals("8", worker.defaultFor("VISAGE_WORKER_BATCH_MAX_SIZE"));
        assertEquals("0.6", worker.defaultFor("VISAGE_WORKER_DETECTOR_SCORE_THRESHOLD"),
                "read from EngineSettings.Defaults, which WorkerConfig names");
        assertFalse(worker.reads("VISAGE_DB_URL"), "the worker has no database");
        assertEquals(8080, api.httpPort());
    }
}
