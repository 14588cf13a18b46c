package dev.visage.api.index.milvus;

import dev.visage.api.index.IndexException;
import dev.visage.api.index.IndexStatus;
import dev.visage.api.index.IndexedFace;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.exception.MilvusClientException;
import io.milvus.v2.service.vector.request.QueryReq;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MilvusGalleryIndex} through the real Milvus SDK and its gRPC wire protocol, against
 * {@link MilvusProtocolTestServer}: the behaviours of {@link MilvusGalleryIndexContract}, plus what only a server
 * under our control can show — the collection definition sent, the RPCs and filters each operation uses, the
 * consistency it asks for, and what happens when the server goes away.
 */
class MilvusProtocolTest extends MilvusGalleryIndexContract {

    private final MilvusProtocolTestServer server = MilvusProtocolTestServer.start();

    @Override
    protected MilvusSettings settings() {
        return MilvusSettings.of(server.uri()).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @AfterEach
    void stopServer() {
        assertTrue(MilvusProtocolTestServer.IMPLEMENTED.containsAll(server.calls()), server.calls().toString());
        server.close();
    }

    @Test
    void firstOpenCreatesThePartitionedCollectionWithItsHnswIndexAndLoadsIt() {
        assertEquals(List.of("Connect", "HasCollection", "CreateCollection", "CreateIndex", "LoadCollection",
                "GetLoadingProgress"), List.copyOf(new LinkedHashSet<>(server.calls())));

        MilvusProtocolTestServer.StoredCollection stored = server.collection(MilvusSettings.DEFAULT_COLLECTION);
        Map<String, FieldSchema> fields = stored.schema.getFieldsList().stream()
                .collect(Collectors.toMap(FieldSchema::getName, f -> f));
        assertEquals(Set.of("face_id", "subject_id", "collection", "vector"), fields.keySet());
        FieldSchema faceId = fields.get("face_id");
        assertTrue(faceId.getIsPrimaryKey());
        assertFalse(faceId.getAutoID());
        assertEquals(DataType.VarChar, faceId.getDataType());
        assertEquals("64", typeParam(faceId, "max_length"));
        assertEquals(DataType.VarChar, fields.get("subject_id").getDataType());
        assertEquals("64", typeParam(fields.get("subject_id"), "max_length"));
        FieldSchema collection = fields.get("collection");
        assertEquals(DataType.VarChar, collection.getDataType());
        assertEquals("128", typeParam(collection, "max_length"));
        assertTrue(collection.getIsPartitionKey());
        assertEquals(List.of("collection"), stored.schema.getFieldsList().stream()
                .filter(FieldSchema::getIsPartitionKey).map(FieldSchema::getName).toList());
        assertEquals(DataType.FloatVector, fields.get("vector").getDataType());
        assertEquals("512", typeParam(fields.get("vector"), "dim"));
        assertFalse(stored.schema.getEnableDynamicField());
        assertEquals(1, stored.shards);
        assertEquals(ConsistencyLevel.Strong, stored.consistency);

        assertEquals("HNSW", stored.index.get("index_type"));
        assertEquals("COSINE", stored.index.get("metric_type"));
        assertEquals("16", stored.index.get("M"));
        assertEquals("200", stored.index.get("efConstruction"));
        assertTrue(stored.loaded);
    }

    @Test
    void reopeningDescribesTheExistingCollectionInsteadOfCreatingIt() {
        CollectionSchema before = server.collection(MilvusSettings.DEFAULT_COLLECTION).schema;
        server.clearCalls();

        MilvusGalleryIndex.open(settings()).close();

        assertEquals(List.of("Connect", "HasCollection", "DescribeCollection", "LoadCollection",
                "GetLoadingProgress"), List.copyOf(new LinkedHashSet<>(server.calls())));
        assertEquals(before, server.collection(MilvusSettings.DEFAULT_COLLECTION).schema);
    }

    @Test
    void eachOperationIsOneRpcWithAStrictFilterAndStrongReads() {
        String gallery = name("gallery");
        index.upsert(List.of(face("a", "s", gallery, vector(1)), face("b", "s", gallery, vector(2))));
        server.clearCalls();

        index.upsert(List.of(face("c", "t", gallery, vector(3))));
        assertEquals(List.of("Upsert"), server.calls());

        server.clearCalls();
        index.search(gallery, vector(1), 3);
        assertEquals(List.of("Search"), server.calls());
        SearchRequest search = server.requests(SearchRequest.class).get(0);
        assertEquals("collection == \"" + gallery + "\"", search.getDsl());
        assertEquals(ConsistencyLevel.Strong, search.getConsistencyLevel());
        assertFalse(search.getUseDefaultConsistency());
        assertEquals(List.of("subject_id"), search.getOutputFieldsList());
        Map<String, String> params = pairs(search.getSearchParamsList());
        assertEquals("vector", params.get("anns_field"));
        assertEquals("COSINE", params.get("metric_type"));
        assertEquals("3", params.get("topk"));
        assertTrue(params.get("params").contains("\"ef\":64"), params.toString());

        server.clearCalls();
        index.search(gallery, vector(1), 100);
        assertTrue(pairs(server.requests(SearchRequest.class).get(0).getSearchParamsList())
                .get("params").contains("\"ef\":100"), "ef is raised to topK because Milvus refuses ef < k");

        server.clearCalls();
        index.faceIds(gallery);
        assertEquals(List.of("Query"), server.calls());
        QueryRequest query = server.requests(QueryRequest.class).get(0);
        assertEquals("collection == \"" + gallery + "\"", query.getExpr());
        assertEquals(ConsistencyLevel.Strong, query.getConsistencyLevel());
        assertFalse(query.getUseDefaultConsistency());

        server.clearCalls();
        index.deleteFaces(gallery, List.of(name("a"), name("b")));
        index.deleteSubject(gallery, "t");
        assertEquals(List.of("Delete", "Delete"), server.calls());
        String inGallery = "collection == \"" + gallery + "\" and ";
        assertEquals(List.of(inGallery + "face_id in [\"" + name("a") + "\", \"" + name("b") + "\"]",
                        inGallery + "subject_id == \"t\""),
                server.requests(DeleteRequest.class).stream().map(DeleteRequest::getExpr).toList());

        server.clearCalls();
        index.deleteFaces(gallery, List.of());
        index.upsert(List.of());
        assertEquals(List.of(), server.calls());

        server.clearCalls();
        IndexStatus status = index.status();
        assertEquals(List.of("GetLoadState", "GetCollectionStatistics"), server.calls());
        assertEquals(0L, status.details().get("rowCount"));
    }

    @Test
    void valuesAreEscapedInsideTheirStringLiterals() {
        index.deleteSubject("c\"1", "o\"brien\\ \n");

        assertEquals("collection == \"c\\\"1\" and subject_id == \"o\\\"brien\\\\ \\n\"",
                server.requests(DeleteRequest.class).get(0).getExpr());
        assertEquals("\"tab\\there\\u0001\"", MilvusGalleryIndex.literal("tab\there\u0001"));
    }

    @Test
    void faceIdsPagesThroughCollectionsLargerThanOneQuery() {
        MilvusSettings small = settings().withCollection("paged", 4);
        try (MilvusGalleryIndex paged = MilvusGalleryIndex.open(small)) {
            String gallery = name("big");
            List<IndexedFace> faces = new ArrayList<>();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < MilvusGalleryIndex.LIST_PAGE + 7; i++) {
                faces.add(new IndexedFace("face-" + i, "s", gallery, new float[] {1, i, 0, 1}));
                expected.add("face-" + i);
            }
            paged.upsert(faces);
            paged.upsert(List.of(new IndexedFace("other", "s", name("other"), new float[] {1, 0, 0, 0})));
            server.clearCalls();

            assertEquals(expected, paged.faceIds(gallery));

            List<QueryRequest> queries = server.requests(QueryRequest.class);
            assertEquals(2, queries.size());
            String lastOfFirstPage = expected.stream().sorted().skip(MilvusGalleryIndex.LIST_PAGE - 1).findFirst()
                    .orElseThrow();
            assertEquals("collection == \"" + gallery + "\" and face_id > \"" + lastOfFirstPage + "\"",
                    queries.get(1).getExpr());
        }
    }

    @Test
    void vectorsOfTheWrongLengthAreRefusedBeforeAnyRpc() {
        server.clearCalls();

        assertThrows(IllegalArgumentException.class,
                () -> index.upsert(List.of(new IndexedFace("f", "s", "c", new float[3]))));
        assertThrows(IllegalArgumentException.class, () -> index.search("c", new float[3], 1));
        assertThrows(IllegalArgumentException.class, () -> index.search("c", vector(1), 0));
        assertEquals(List.of(), server.calls());
    }

    @Test
    void whenTheServerIsDownEachOperationFailsNamingItselfAndStatusIsUnhealthy() {
        MilvusSettings impatient = settings().withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
        try (MilvusGalleryIndex gallery = MilvusGalleryIndex.open(impatient)) {
            server.stop();

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertFailsAs("upsert_faces", () -> gallery.upsert(List.of(face("f", "s", "c", vector(1)))));
                assertFailsAs("search_similar_faces", () -> gallery.search("c", vector(1), 1));
                assertFailsAs("delete_faces", () -> gallery.deleteFaces("c", List.of("f")));
                assertFailsAs("delete_subject", () -> gallery.deleteSubject("c", "s"));
                assertFailsAs("list_face_ids", () -> gallery.faceIds("c"));

                IndexStatus status = gallery.status();
                assertEquals("milvus", status.kind());
                assertFalse(status.healthy());
                assertEquals(server.uri(), status.details().get("uri"));
                assertTrue(status.details().get("error") instanceof String error && !error.isBlank(),
                        status.details().toString());

                assertFailsAs("open_gallery_index", () -> MilvusGalleryIndex.open(impatient));
            });
        }
    }

    @Test
    void theTokenAndDatabaseAreSentButNeverReported() {
        try (MilvusProtocolTestServer secured = MilvusProtocolTestServer.start("visage:s3cret", "faces")) {
            try (MilvusGalleryIndex gallery = MilvusGalleryIndex.open(access(secured, "visage:s3cret", "faces"))) {
                gallery.upsert(List.of(face("f", "s", "c", vector(1))));
                assertEquals(name("f"), gallery.search("c", vector(1), 1).get(0).faceId());

                IndexStatus status = gallery.status();
                assertTrue(status.healthy());
                assertEquals("faces", status.details().get("database"));
                assertFalse(status.details().toString().contains("s3cret"), status.details().toString());
            }
            assertTrue(secured.calls().contains("ListDatabases"), "the SDK checks the database exists");
            assertEquals(1, secured.collection("faces", MilvusSettings.DEFAULT_COLLECTION).size());
            assertEquals(null, secured.collection(MilvusSettings.DEFAULT_COLLECTION));

            assertFailsAs("open_gallery_index",
                    () -> MilvusGalleryIndex.open(access(secured, "visage:wrong", "faces")));
            assertFailsAs("open_gallery_index",
                    () -> MilvusGalleryIndex.open(access(secured, "visage:s3cret", "missing")));
        }
    }

    @Test
    void credentialsInTheUriAreNotReported() {
        assertEquals("http://milvus.internal:19530",
                MilvusGalleryIndex.redactedUri("http://root:Milvus@milvus.internal:19530"));
        assertEquals("https://milvus.internal:443/x",
                MilvusGalleryIndex.redactedUri("https://user:p%40ss@milvus.internal:443/x"));
        assertEquals("http://milvus.internal:19530", MilvusGalleryIndex.redactedUri("http://milvus.internal:19530"));
    }

    @Test
    void theTestServerRefusesFiltersTheAdapterNeverWrites() {
        try (AutoCloseableClient raw = new AutoCloseableClient(server.uri())) {
            MilvusClientException refused = assertThrows(MilvusClientException.class,
                    () -> raw.client.query(QueryReq.builder().collectionName(MilvusSettings.DEFAULT_COLLECTION)
                            .filter("collection != \"x\"").build()));
            assertTrue(refused.getMessage().contains("cannot parse filter"), refused.getMessage());
        }
    }

    private static void assertFailsAs(String operation, Executable call) {
        IndexException failure = assertThrows(IndexException.class, call);
        assertEquals(operation, failure.operation());
    }

    private static MilvusSettings access(MilvusProtocolTestServer server, String token, String database) {
        MilvusSettings base = MilvusSettings.of(server.uri());
        return new MilvusSettings(base.uri(), Optional.of(token), Optional.of(database), base.collectionName(),
                base.dimension(), base.hnswM(), base.hnswEfConstruction(), base.searchEf(), base.shards(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), base.loadTimeout());
    }

    private static Map<String, String> pairs(List<KeyValuePair> pairs) {
        return pairs.stream().collect(Collectors.toMap(KeyValuePair::getKey, KeyValuePair::getValue));
    }

    private static String typeParam(FieldSchema field, String key) {
        return pairs(field.getTypeParamsList()).get(key);
    }

    private record AutoCloseableClient(MilvusClientV2 client) implements AutoCloseable {
        AutoCloseableClient(String uri) {
            this(new MilvusClientV2(ConnectConfig.builder().uri(uri).build()));
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
