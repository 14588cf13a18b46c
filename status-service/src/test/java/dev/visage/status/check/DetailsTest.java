package dev.visage.status.check;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the documents show of their connection settings and answers: never a credential. */
class DetailsTest {

    @Test
    void urlsAreShownWithoutCredentials() {
        assertEquals("redis://127.0.0.1:6379/0", Urls.withoutCredentials("redis://127.0.0.1:6379/0"));
        assertEquals("redis://cache:6379/0", Urls.withoutCredentials("redis://default:s3cret@cache:6379/0"));
        assertEquals("redis://cache:6379/0", Urls.withoutCredentials("redis://:s3cret@cache:6379/0"));
        assertEquals("postgresql://db:5432/visage?sslmode=require",
                Urls.withoutCredentials("postgresql://db:5432/visage?password=s3cret&sslmode=require"));
        assertEquals("http://milvus:19530", Urls.withoutCredentials("http://root:Milvus@milvus:19530"));
        assertNull(Urls.withoutCredentials(null));
    }

    @Test
    void theDatabaseIsNamedByEngineNameAndHost() {
        assertEquals(Map.of("engine", "postgresql", "name", "visage", "host", "127.0.0.1", "port", 5432),
                DatabaseCheck.identity("postgresql://127.0.0.1:5432/visage"));
        assertEquals(Map.of("engine", "postgresql", "name", "faces", "host", "db.internal", "port", 5432),
                DatabaseCheck.identity("vertx-reactive:postgresql://user:pw@db.internal/faces"));
    }

    @Test
    void redisInfoIsReadFromItsSections() {
        Map<String, String> info = RedisCheck.parseInfo(
                "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n\r\n# Clients\r\nconnected_clients:3\r\n"
                        + "# Memory\r\nused_memory:1000\r\nused_memory_human:1000B\r\n");
        assertEquals("7.0.15", info.get("redis_version"));
        assertEquals("3", info.get("connected_clients"));
        assertEquals("1000B", info.get("used_memory_human"));
    }

    @Test
    void failuresAreToldWithoutStackTraces() {
        assertEquals("no answer within 2 s", StatusCheck.describe(null, Duration.ofSeconds(2)));
        assertEquals("no answer within 1.5 s", StatusCheck.describe(null, Duration.ofMillis(1500)));
        assertEquals("connection refused", StatusCheck.describe(
                new java.util.concurrent.CompletionException(new java.net.ConnectException()), Duration.ofSeconds(2)));
        assertEquals("boom", StatusCheck.describe(new IllegalStateException("boom"), Duration.ofSeconds(2)));
    }
}
