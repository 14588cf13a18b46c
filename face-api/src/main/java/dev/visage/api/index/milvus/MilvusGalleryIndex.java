package dev.visage.api.index.milvus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.visage.api.index.GalleryIndex;
import dev.visage.api.index.IndexException;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexStatus;
import dev.visage.api.index.IndexedFace;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetCollectionStatsReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.request.SearchReq;
import io.milvus.v2.service.vector.request.UpsertReq;
import io.milvus.v2.service.vector.request.data.FloatVec;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvus.v2.service.vector.response.SearchResp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The gallery in Milvus: one Milvus collection holds the faces of every Visage collection, partitioned by it.
 * Thread-safe, as the SDK client it wraps is; {@link #open} it once and share it.
 *
 * <p>Reads use {@link ConsistencyLevel#STRONG}: a face enrolled through one gateway instance must be found by a
 * search that any instance runs right after. Session consistency only covers the client that wrote and Bounded lets
 * a search miss the writes of the last few seconds; Strong makes each read wait until the query nodes have applied
 * every write acknowledged before it, which costs a fraction of a second at worst (Milvus' time tick) and is what
 * enrol-then-identify needs. Writes need no level: they are ordered and durable once acknowledged.
 */
public final class MilvusGalleryIndex implements GalleryIndex {

    static final String FACE_ID = "face_id";
    static final String SUBJECT_ID = "subject_id";
    static final String COLLECTION = "collection";
    static final String VECTOR = "vector";
    static final int ID_MAX_LENGTH = 64;
    static final int COLLECTION_MAX_LENGTH = 128;

    /** Rows per upsert and ids per delete: keeps each request a few MiB, far below gRPC and Milvus message limits. */
    static final int WRITE_BATCH = 1000;
    /** Ids per page when listing a collection; Milvus caps offset + limit of one query at 16384. */
    static final int LIST_PAGE = 10_000;

    private static final ConsistencyLevel READ_CONSISTENCY = ConsistencyLevel.STRONG;

    private final MilvusSettings settings;
    private final MilvusClientV2 client;

    private MilvusGalleryIndex(MilvusSettings settings, MilvusClientV2 client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * Connects, creates the collection with its index when missing, checks its shape otherwise, and loads it so it
     * can be searched. Fails with an {@link IndexException} (operation {@code open_gallery_index}) when Milvus cannot
     * be reached or the collection does not fit.
     */
    public static MilvusGalleryIndex open(MilvusSettings settings) {
        MilvusClientV2 client = call("open_gallery_index", () -> connect(settings));
        MilvusGalleryIndex index = new MilvusGalleryIndex(settings, client);
        try {
            call("open_gallery_index", () -> {
                index.prepareCollection();
                return null;
            });
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return index;
    }

    private static MilvusClientV2 connect(MilvusSettings settings) {
        ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder()
                .uri(settings.uri())
                .connectTimeoutMs(settings.connectTimeout().toMillis())
                .rpcDeadlineMs(settings.requestTimeout().toMillis());
        settings.token().ifPresent(config::token);
        settings.database().ifPresent(config::dbName);
        MilvusClientV2 client = new MilvusClientV2(config.build());
        // The SDK waits for a connection on every call and retries rate-limited ones up to 75 times; without a
        // budget an outage would hold the caller far beyond its request timeout.
        client.retryConfig(RetryConfig.builder()
                .maxRetryTimeoutMs(settings.requestTimeout().toMillis())
                .build());
        return client;
    }

    private void prepareCollection() {
        String name = settings.collectionName();
        boolean exists = client.hasCollection(HasCollectionReq.builder().collectionName(name).build());
        if (exists) {
            checkShape(client.describeCollection(DescribeCollectionReq.builder().collectionName(name).build())
                    .getCollectionSchema());
        } else {
            createCollection();
        }
        client.loadCollection(LoadCollectionReq.builder()
                .collectionName(name)
                .timeout(settings.loadTimeout().toMillis())
                .build());
    }

    private void createCollection() {
        CreateCollectionReq.CollectionSchema schema = CreateCollectionReq.CollectionSchema.builder()
                .enableDynamicField(false)
                .build();
        schema.addField(AddFieldReq.builder()
                .fieldName(FACE_ID).dataType(DataType.VarChar).maxLength(ID_MAX_LENGTH)
                .isPrimaryKey(true).autoID(false)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName(SUBJECT_ID).dataType(DataType.VarChar).maxLength(ID_MAX_LENGTH)
                .build());
        // The Visage collection is the partition key: Milvus hashes it onto a fixed set of internal partitions, so
        // one Milvus collection serves any number of Visage collections (no per-tenant DDL, no partition limit),
        // and a search or delete filtered on it only touches the partition that value hashes to.
        schema.addField(AddFieldReq.builder()
                .fieldName(COLLECTION).dataType(DataType.VarChar).maxLength(COLLECTION_MAX_LENGTH)
                .isPartitionKey(true)
                .build());
        schema.addField(AddFieldReq.builder()
                .fieldName(VECTOR).dataType(DataType.FloatVector).dimension(settings.dimension())
                .build());
        // A second gateway starting at the same time may create it first; Milvus accepts the same schema and index
        // created twice, so the loser does not fail.
        client.createCollection(CreateCollectionReq.builder()
                .collectionName(settings.collectionName())
                .description("Visage face embeddings, one row per enrolled face")
                .collectionSchema(schema)
                .numShards(settings.shards())
                .consistencyLevel(READ_CONSISTENCY)
                .build());
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("M", settings.hnswM());
        build.put("efConstruction", settings.hnswEfConstruction());
        client.createIndex(CreateIndexReq.builder()
                .collectionName(settings.collectionName())
                .indexParams(List.of(IndexParam.builder()
                        .fieldName(VECTOR)
                        .indexName(VECTOR)
                        .indexType(IndexParam.IndexType.HNSW)
                        .metricType(IndexParam.MetricType.COSINE)
                        .extraParams(build)
                        .build()))
                // Nothing to build in an empty collection; Milvus builds each segment's graph as it seals.
                .sync(false)
                .build());
    }

    private void checkShape(CreateCollectionReq.CollectionSchema schema) {
        CreateCollectionReq.FieldSchema vector = schema.getField(VECTOR);
        if (vector == null || vector.getDataType() != DataType.FloatVector) {
            throw new IndexException("open_gallery_index", "Milvus collection '" + settings.collectionName()
                    + "' has no float vector field '" + VECTOR + "'; it was not created by Visage", null);
        }
        if (!Objects.equals(vector.getDimension(), settings.dimension())) {
            throw new IndexException("open_gallery_index", "Milvus collection '" + settings.collectionName()
                    + "' holds " + vector.getDimension() + "-d vectors but the model produces "
                    + settings.dimension() + "-d ones; configure another collection name or re-enrol into a new one",
                    null);
        }
        for (String field : List.of(FACE_ID, SUBJECT_ID, COLLECTION)) {
            if (schema.getField(field) == null) {
                throw new IndexException("open_gallery_index", "Milvus collection '" + settings.collectionName()
                        + "' has no field '" + field + "'; it was not created by Visage", null);
            }
        }
    }

    @Override
    public void upsert(List<IndexedFace> faces) {
        for (IndexedFace face : faces) {
            requireDimension(face.vector(), "face " + face.faceId());
        }
        call("upsert_faces", () -> {
            for (int from = 0; from < faces.size(); from += WRITE_BATCH) {
                List<JsonObject> rows = new ArrayList<>();
                for (IndexedFace face : faces.subList(from, Math.min(faces.size(), from + WRITE_BATCH))) {
                    rows.add(row(face));
                }
                // Returns once the rows are in Milvus' write-ahead log, which is what makes them durable; no flush.
                // A failure part-way keeps the earlier batches, which is harmless: upserting again is idempotent.
                client.upsert(UpsertReq.builder().collectionName(settings.collectionName()).data(rows).build());
            }
            return null;
        });
    }

    private static JsonObject row(IndexedFace face) {
        JsonObject row = new JsonObject();
        row.addProperty(FACE_ID, face.faceId());
        row.addProperty(SUBJECT_ID, face.subjectId());
        row.addProperty(COLLECTION, face.collection());
        JsonArray vector = new JsonArray(face.vector().length);
        for (float v : face.vector()) {
            vector.add(v);
        }
        row.add(VECTOR, vector);
        return row;
    }

    @Override
    public void deleteFaces(String collection, Collection<String> faceIds) {
        List<String> ids = List.copyOf(faceIds);
        call("delete_faces", () -> {
            for (int from = 0; from < ids.size(); from += WRITE_BATCH) {
                String idList = ids.subList(from, Math.min(ids.size(), from + WRITE_BATCH)).stream()
                        .map(MilvusGalleryIndex::literal)
                        .collect(Collectors.joining(", ", "[", "]"));
                // Filtering on the partition key as well keeps the delete inside the collection's partition, and a
                // caller that names the wrong collection erases nothing.
                delete(inCollection(collection) + " and " + FACE_ID + " in " + idList);
            }
            return null;
        });
    }

    @Override
    public void deleteSubject(String collection, String subjectId) {
        call("delete_subject", () -> {
            delete(inCollection(collection) + " and " + SUBJECT_ID + " == " + literal(subjectId));
            return null;
        });
    }

    private void delete(String filter) {
        client.delete(DeleteReq.builder().collectionName(settings.collectionName()).filter(filter).build());
    }

    @Override
    public List<IndexMatch> search(String collection, float[] vector, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        requireDimension(vector, "query vector");
        SearchResp response = call("search_similar_faces", () -> client.search(SearchReq.builder()
                .collectionName(settings.collectionName())
                .annsField(VECTOR)
                .metricType(IndexParam.MetricType.COSINE)
                .data(List.of(new FloatVec(vector)))
                .topK(topK)
                .filter(inCollection(collection))
                .outputFields(List.of(SUBJECT_ID))
                .searchParams(Map.of("ef", Math.max(settings.searchEf(), topK)))
                .consistencyLevel(READ_CONSISTENCY)
                .build()));
        List<IndexMatch> matches = new ArrayList<>();
        for (SearchResp.SearchResult hit : response.getSearchResults().get(0)) {
            // With the COSINE metric Milvus' score is the cosine similarity itself, larger is closer.
            matches.add(new IndexMatch(String.valueOf(hit.getId()), (String) hit.getEntity().get(SUBJECT_ID),
                    hit.getScore()));
        }
        return matches;
    }

    @Override
    public Set<String> faceIds(String collection) {
        return call("list_face_ids", () -> {
            Set<String> ids = new HashSet<>();
            String after = null;
            while (true) {
                String filter = after == null
                        ? inCollection(collection)
                        : inCollection(collection) + " and " + FACE_ID + " > " + literal(after);
                // A query with a limit returns the smallest matching primary keys in key order (Milvus' own order,
                // bytewise, so the last id of a page is taken as Milvus returned it), so paging by "greater than the
                // last id" walks the whole collection. The SDK's query iterator pages the same way but puts the id
                // into the filter unescaped.
                QueryResp page = client.query(QueryReq.builder()
                        .collectionName(settings.collectionName())
                        .filter(filter)
                        .outputFields(List.of(FACE_ID))
                        .limit(LIST_PAGE)
                        .consistencyLevel(READ_CONSISTENCY)
                        .build());
                List<QueryResp.QueryResult> rows = page.getQueryResults();
                for (QueryResp.QueryResult row : rows) {
                    ids.add((String) row.getEntity().get(FACE_ID));
                }
                if (rows.size() < LIST_PAGE) {
                    return ids;
                }
                after = (String) rows.get(rows.size() - 1).getEntity().get(FACE_ID);
            }
        });
    }

    @Override
    public Set<String> collections() {
        return call("list_collections", () -> {
            // The empty name is never stored (every write requires a collection); it only gives the first query a
            // list to exclude.
            Set<String> names = new LinkedHashSet<>(List.of(""));
            while (true) {
                // Milvus has no DISTINCT: each query asks for one row of a collection not seen yet, so listing takes
                // one round trip per collection, plus one.
                QueryResp found = client.query(QueryReq.builder()
                        .collectionName(settings.collectionName())
                        .filter(COLLECTION + " not in " + names.stream().map(MilvusGalleryIndex::literal)
                                .collect(Collectors.joining(", ", "[", "]")))
                        .outputFields(List.of(COLLECTION))
                        .limit(1)
                        .consistencyLevel(READ_CONSISTENCY)
                        .build());
                if (found.getQueryResults().isEmpty()) {
                    names.remove("");
                    return names;
                }
                names.add((String) found.getQueryResults().get(0).getEntity().get(COLLECTION));
            }
        });
    }

    @Override
    public String kind() {
        return "milvus";
    }

    /** Where the gallery lives, for status pages: address without credentials, database, collection. */
    public static Map<String, Object> describe(MilvusSettings settings) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("uri", redactedUri(settings.uri()));
        settings.database().ifPresent(db -> details.put("database", db));
        details.put("collection", settings.collectionName());
        return details;
    }

    @Override
    public IndexStatus status() {
        Map<String, Object> details = describe(settings);
        try {
            boolean loaded = client.getLoadState(GetLoadStateReq.builder()
                    .collectionName(settings.collectionName()).build());
            details.put("loaded", loaded);
            if (!loaded) {
                details.put("error", "collection '" + settings.collectionName() + "' is not loaded");
                return new IndexStatus(kind(), false, details);
            }
            // Segment metadata only, no scan; rows deleted since the last compaction are still counted.
            details.put("rowCount", client.getCollectionStats(GetCollectionStatsReq.builder()
                    .collectionName(settings.collectionName()).build()).getNumOfEntities());
            return new IndexStatus(kind(), true, details);
        } catch (RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return new IndexStatus(kind(), false, details);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void requireDimension(float[] vector, String what) {
        if (vector.length != settings.dimension()) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions, the gallery "
                    + settings.dimension());
        }
    }

    private static String inCollection(String collection) {
        return COLLECTION + " == " + literal(collection);
    }

    /**
     * A Milvus string literal for any value: the expression grammar reads double-quoted strings with C/Go escapes,
     * so quotes, backslashes and control characters are escaped and nothing in a value can end the string early.
     */
    static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The uri as operators may see it: any {@code user:password@} removed. */
    static String redactedUri(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getRawUserInfo() == null) {
                return uri;
            }
            return new URI(parsed.getScheme(), null, parsed.getHost(), parsed.getPort(), parsed.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            return uri.replaceFirst("//[^/@]*@", "//");
        }
    }

    private static <T> T call(String operation, Supplier<T> work) {
        try {
            return work.get();
        } catch (IndexException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IndexException(operation, String.valueOf(e.getMessage()), e);
        }
    }
}
