package dev.visage.api.index.milvus;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Milvus and how the gallery collection is shaped there.
 *
 * @param uri                 {@code http://host:19530}, or {@code https://} for TLS; status pages show it with any
 *                            {@code user:password@} removed, but credentials belong in {@code token}
 * @param token               API key or {@code user:password}, when the server checks credentials; never reported
 * @param database            Milvus database; the server's default one when empty
 * @param collectionName      the one Milvus collection that holds every Visage collection's faces
 * @param dimension           length of the embeddings; must match an existing collection
 * @param hnswM               HNSW links per node: 16 is the usual balance of recall against memory (about 128 bytes
 *                            of graph per vector next to the 2 KiB of a 512-d vector)
 * @param hnswEfConstruction  candidate list while building: 200 buys a well-connected graph, paid once at build time
 * @param searchEf            candidate list while searching, raised to topK when smaller (Milvus refuses ef below
 *                            topK): 64 is several times the handful of candidates identification asks for, which
 *                            keeps recall high without scanning
 * @param shards              DML channels the collection is created with; only write throughput scales with it
 * @param connectTimeout      to open the connection and say hello to the server
 * @param requestTimeout      per call; also bounds the SDK's retries of rate-limited calls
 * @param loadTimeout         how long opening waits for Milvus to load the collection into its query nodes, which
 *                            takes minutes for millions of vectors after a cluster restart
 */
public record MilvusSettings(
        String uri,
        Optional<String> token,
        Optional<String> database,
        String collectionName,
        int dimension,
        int hnswM,
        int hnswEfConstruction,
        int searchEf,
        int shards,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration loadTimeout) {

    public static final String DEFAULT_COLLECTION = "visage_faces";
    public static final int DEFAULT_DIMENSION = 512;
    public static final int DEFAULT_HNSW_M = 16;
    public static final int DEFAULT_HNSW_EF_CONSTRUCTION = 200;
    public static final int DEFAULT_SEARCH_EF = 64;
    public static final int DEFAULT_SHARDS = 1;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofMinutes(5);

    public MilvusSettings {
        Objects.requireNonNull(uri, "uri");
        if (uri.isBlank()) {
            throw new IllegalArgumentException("Milvus uri is empty");
        }
        token = Objects.requireNonNull(token, "token").filter(t -> !t.isBlank());
        database = Objects.requireNonNull(database, "database").filter(d -> !d.isBlank());
        Objects.requireNonNull(collectionName, "collectionName");
        requirePositive("dimension", dimension);
        requirePositive("hnswM", hnswM);
        requirePositive("hnswEfConstruction", hnswEfConstruction);
        requirePositive("searchEf", searchEf);
        requirePositive("shards", shards);
        requirePositive("connectTimeout", Objects.requireNonNull(connectTimeout, "connectTimeout").toMillis());
        requirePositive("requestTimeout", Objects.requireNonNull(requestTimeout, "requestTimeout").toMillis());
        requirePositive("loadTimeout", Objects.requireNonNull(loadTimeout, "loadTimeout").toMillis());
    }

    /** The defaults above, for the server at {@code uri} without credentials. */
    public static MilvusSettings of(String uri) {
        return new MilvusSettings(uri, Optional.empty(), Optional.empty(), DEFAULT_COLLECTION, DEFAULT_DIMENSION,
                DEFAULT_HNSW_M, DEFAULT_HNSW_EF_CONSTRUCTION, DEFAULT_SEARCH_EF, DEFAULT_SHARDS,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_LOAD_TIMEOUT);
    }

    public MilvusSettings withCollection(String name, int dimension) {
        return new MilvusSettings(uri, token, database, name, dimension, hnswM, hnswEfConstruction, searchEf, shards,
                connectTimeout, requestTimeout, loadTimeout);
    }

    public MilvusSettings withTimeouts(Duration connect, Duration request) {
        return new MilvusSettings(uri, token, database, collectionName, dimension, hnswM, hnswEfConstruction,
                searchEf, shards, connect, request, loadTimeout);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
