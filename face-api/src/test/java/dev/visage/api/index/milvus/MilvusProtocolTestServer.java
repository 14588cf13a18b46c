package dev.visage.api.index.milvus;

import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.visage.common.face.Similarity;
import io.milvus.grpc.BoolResponse;
import io.milvus.grpc.CollectionSchema;
import io.milvus.grpc.ConnectRequest;
import io.milvus.grpc.ConnectResponse;
import io.milvus.grpc.ConsistencyLevel;
import io.milvus.grpc.CreateCollectionRequest;
import io.milvus.grpc.CreateIndexRequest;
import io.milvus.grpc.DataType;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.DescribeCollectionRequest;
import io.milvus.grpc.DescribeCollectionResponse;
import io.milvus.grpc.ErrorCode;
import io.milvus.grpc.FieldData;
import io.milvus.grpc.FieldSchema;
import io.milvus.grpc.GetCollectionStatisticsRequest;
import io.milvus.grpc.GetCollectionStatisticsResponse;
import io.milvus.grpc.GetLoadStateRequest;
import io.milvus.grpc.GetLoadStateResponse;
import io.milvus.grpc.GetLoadingProgressRequest;
import io.milvus.grpc.GetLoadingProgressResponse;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.IDs;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.ListDatabasesRequest;
import io.milvus.grpc.ListDatabasesResponse;
import io.milvus.grpc.LoadCollectionRequest;
import io.milvus.grpc.LoadState;
import io.milvus.grpc.MilvusServiceGrpc;
import io.milvus.grpc.MutationResult;
import io.milvus.grpc.PlaceholderGroup;
import io.milvus.grpc.PlaceholderType;
import io.milvus.grpc.PlaceholderValue;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.QueryResults;
import io.milvus.grpc.ScalarField;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SearchResultData;
import io.milvus.grpc.SearchResults;
import io.milvus.grpc.Status;
import io.milvus.grpc.StringArray;
import io.milvus.grpc.UpsertRequest;
import io.milvus.shaded.io.grpc.Context;
import io.milvus.shaded.io.grpc.Contexts;
import io.milvus.shaded.io.grpc.Metadata;
import io.milvus.shaded.io.grpc.Server;
import io.milvus.shaded.io.grpc.ServerCall;
import io.milvus.shaded.io.grpc.ServerCallHandler;
import io.milvus.shaded.io.grpc.ServerInterceptor;
import io.milvus.shaded.io.grpc.ServerInterceptors;
import io.milvus.shaded.io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.milvus.shaded.io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A Milvus stand-in that speaks the real gRPC protocol (the SDK's own generated service, served with the gRPC that
 * the SDK shades) so that {@link MilvusGalleryIndex} is exercised through the unmodified SDK on machines where no
 * Milvus can run. It implements exactly the RPCs the adapter and the SDK's handshake use, keeps rows in memory,
 * enforces the collection schema the way Milvus does, searches by brute-force cosine, and understands only the
 * filter expressions the adapter emits: anything else is answered with an error, so a change in what the adapter
 * sends fails the tests instead of being silently misread. Every RPC received is recorded in order.
 */
final class MilvusProtocolTestServer implements AutoCloseable {

    /** The RPCs served; any other one is answered UNIMPLEMENTED by the generated base class. */
    static final Set<String> IMPLEMENTED = Set.of("Connect", "ListDatabases", "HasCollection", "CreateCollection",
            "DescribeCollection", "CreateIndex", "LoadCollection", "GetLoadingProgress", "GetLoadState",
            "GetCollectionStatistics", "Upsert", "Delete", "Search", "Query");

    // Milvus' status codes (merr) for the failures this server reproduces.
    private static final int COLLECTION_NOT_FOUND = 100;
    private static final int COLLECTION_NOT_LOADED = 101;
    private static final int INDEX_NOT_FOUND = 700;
    private static final int DATABASE_NOT_FOUND = 800;
    private static final int PARAMETER_INVALID = 1100;

    /** Milvus gives a partition-key collection 16 physical partitions unless asked otherwise. */
    private static final int DEFAULT_KEY_PARTITIONS = 16;
    private static final String DEFAULT_DATABASE = "default";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> DATABASE_HEADER =
            Metadata.Key.of("dbname", Metadata.ASCII_STRING_MARSHALLER);
    /** The database the call's headers name, for requests that leave their db_name empty. */
    private static final Context.Key<String> CALL_DATABASE = Context.key("dbname");

    /** By database, then by collection name. */
    private final Map<String, Map<String, StoredCollection>> databases = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Message> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1L << 18);
    private final Server server;
    private final String uri;

    private MilvusProtocolTestServer(String requiredToken, String database) throws IOException {
        databases.put(DEFAULT_DATABASE, new ConcurrentHashMap<>());
        databases.put(database, new ConcurrentHashMap<>());
        ServerInterceptor frontDoor = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                calls.add(call.getMethodDescriptor().getBareMethodName());
                // Milvus with authentication on reads "user:password" or an API key, base64-encoded, from here.
                String sent = headers.get(AUTHORIZATION);
                if (requiredToken != null && (sent == null
                        || !requiredToken.equals(new String(Base64.getDecoder().decode(sent), UTF_8)))) {
                    call.close(io.milvus.shaded.io.grpc.Status.UNAUTHENTICATED
                            .withDescription("auth check failure, please check username, password or token"),
                            new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                Context context = Context.current().withValue(CALL_DATABASE, headers.get(DATABASE_HEADER));
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(ServerInterceptors.intercept(new Service(), frontDoor))
                .build()
                .start();
        uri = "http://127.0.0.1:" + server.getPort();
    }

    /** A server open to anyone, with only the default database. */
    static MilvusProtocolTestServer start() {
        return start(null, DEFAULT_DATABASE);
    }

    /** A server that refuses calls without {@code requiredToken} and has {@code database} besides the default. */
    static MilvusProtocolTestServer start(String requiredToken, String database) {
        try {
            return new MilvusProtocolTestServer(requiredToken, database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String uri() {
        return uri;
    }

    /** RPC names (as in milvus.proto) in the order they arrived. */
    List<String> calls() {
        return List.copyOf(calls);
    }

    void clearCalls() {
        calls.clear();
        requests.clear();
    }

    /** The requests of one type received since the last {@link #clearCalls()}, oldest first. */
    <T extends Message> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    StoredCollection collection(String name) {
        return collection(DEFAULT_DATABASE, name);
    }

    StoredCollection collection(String database, String name) {
        return databases.get(database).get(name);
    }

    /** Makes the server unreachable, as a crashed Milvus would be. */
    void stop() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** What one Milvus collection holds: its definition as created, its index, and its rows by primary key. */
    static final class StoredCollection {
        final long id;
        final CollectionSchema schema;
        final int shards;
        final long keyPartitions;
        final ConsistencyLevel consistency;
        volatile Map<String, String> index;
        volatile boolean loaded;
        private final NavigableMap<String, Row> rows = new TreeMap<>();

        StoredCollection(long id, CollectionSchema schema, int shards, long keyPartitions,
                         ConsistencyLevel consistency) {
            this.id = id;
            this.schema = schema;
            this.shards = shards;
            this.keyPartitions = keyPartitions;
            this.consistency = consistency;
        }

        FieldSchema field(String name) {
            return schema.getFieldsList().stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
        }

        synchronized int size() {
            return rows.size();
        }
    }

    record Row(String faceId, String subjectId, String collection, float[] vector) {
    }

    private static final class Refusal extends RuntimeException {
        final int code;

        Refusal(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private final class Service extends MilvusServiceGrpc.MilvusServiceImplBase {

        @Override
        public void connect(ConnectRequest request, StreamObserver<ConnectResponse> out) {
            answer(request, out, () -> ConnectResponse.newBuilder().setStatus(ok()).setIdentifier(1).build(),
                    s -> ConnectResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void listDatabases(ListDatabasesRequest request, StreamObserver<ListDatabasesResponse> out) {
            answer(request, out, () -> ListDatabasesResponse.newBuilder().setStatus(ok())
                            .addAllDbNames(new TreeMap<>(databases).keySet()).build(),
                    s -> ListDatabasesResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void hasCollection(HasCollectionRequest request, StreamObserver<BoolResponse> out) {
            answer(request, out, () -> BoolResponse.newBuilder().setStatus(ok())
                            .setValue(database(request.getDbName()).containsKey(request.getCollectionName())).build(),
                    s -> BoolResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void createCollection(CreateCollectionRequest request, StreamObserver<Status> out) {
            answer(request, out, () -> {
                CollectionSchema schema = withFieldIds(checkSchema(parseSchema(request.getSchema())));
                StoredCollection created = new StoredCollection(clock.incrementAndGet(), schema,
                        request.getShardsNum() == 0 ? 1 : request.getShardsNum(),
                        request.getNumPartitions() == 0 ? DEFAULT_KEY_PARTITIONS : request.getNumPartitions(),
                        request.getConsistencyLevel());
                StoredCollection existing = database(request.getDbName())
                        .putIfAbsent(request.getCollectionName(), created);
                // Like Milvus, creating the same collection twice is accepted, a different one is not.
                if (existing != null && !existing.schema.getFieldsList().equals(schema.getFieldsList())) {
                    throw new Refusal(PARAMETER_INVALID, "collection " + request.getCollectionName()
                            + " already exists with another schema");
                }
                return ok();
            }, Function.identity());
        }

        @Override
        public void describeCollection(DescribeCollectionRequest request,
                                       StreamObserver<DescribeCollectionResponse> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                return DescribeCollectionResponse.newBuilder()
                        .setStatus(ok())
                        .setSchema(c.schema)
                        .setCollectionID(c.id)
                        .setCollectionName(request.getCollectionName())
                        .setShardsNum(c.shards)
                        .setNumPartitions(c.keyPartitions)
                        .setConsistencyLevel(c.consistency)
                        .setCreatedTimestamp(c.id)
                        .setUpdateTimestamp(c.id)
                        .build();
            }, s -> DescribeCollectionResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void createIndex(CreateIndexRequest request, StreamObserver<Status> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                FieldSchema field = c.field(request.getFieldName());
                if (field == null || field.getDataType() != DataType.FloatVector) {
                    throw new Refusal(PARAMETER_INVALID, "no float vector field " + request.getFieldName());
                }
                Map<String, String> params = indexParams(request.getExtraParamsList());
                if (!"HNSW".equals(params.get("index_type"))
                        || !Set.of("COSINE", "L2", "IP").contains(params.get("metric_type"))
                        || !isInteger(params.get("M")) || !isInteger(params.get("efConstruction"))) {
                    throw new Refusal(PARAMETER_INVALID, "unsupported index parameters " + params);
                }
                synchronized (c) {
                    if (c.index != null && !c.index.equals(params)) {
                        throw new Refusal(PARAMETER_INVALID, "at most one distinct index is allowed per field");
                    }
                    c.index = params;
                }
                return ok();
            }, Function.identity());
        }

        @Override
        public void loadCollection(LoadCollectionRequest request, StreamObserver<Status> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                if (c.index == null) {
                    throw new Refusal(INDEX_NOT_FOUND, "index not found: there is no vector index on collection "
                            + request.getCollectionName());
                }
                c.loaded = true;
                return ok();
            }, Function.identity());
        }

        @Override
        public void getLoadingProgress(GetLoadingProgressRequest request,
                                       StreamObserver<GetLoadingProgressResponse> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                return GetLoadingProgressResponse.newBuilder().setStatus(ok()).setProgress(c.loaded ? 100 : 0).build();
            }, s -> GetLoadingProgressResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void getLoadState(GetLoadStateRequest request, StreamObserver<GetLoadStateResponse> out) {
            answer(request, out, () -> {
                StoredCollection c = database(request.getDbName()).get(request.getCollectionName());
                LoadState state = c == null ? LoadState.LoadStateNotExist
                        : c.loaded ? LoadState.LoadStateLoaded : LoadState.LoadStateNotLoad;
                return GetLoadStateResponse.newBuilder().setStatus(ok()).setState(state).build();
            }, s -> GetLoadStateResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void getCollectionStatistics(GetCollectionStatisticsRequest request,
                                            StreamObserver<GetCollectionStatisticsResponse> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                return GetCollectionStatisticsResponse.newBuilder().setStatus(ok())
                        .addStats(pair("row_count", String.valueOf(c.size()))).build();
            }, s -> GetCollectionStatisticsResponse.newBuilder().setStatus(s).build());
        }

        @Override
        public void upsert(UpsertRequest request, StreamObserver<MutationResult> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                if (!request.getPartitionName().isEmpty()) {
                    throw new Refusal(PARAMETER_INVALID,
                            "not support manually specifying the partition names if partition key mode is used");
                }
                if (request.getPartialUpdate()) {
                    throw new Refusal(PARAMETER_INVALID, "partial update is not served by this test server");
                }
                List<Row> rows = rows(c, request.getFieldsDataList(), request.getNumRows());
                synchronized (c) {
                    rows.forEach(row -> c.rows.put(row.faceId(), row));
                }
                return MutationResult.newBuilder().setStatus(ok())
                        .setIDs(stringIds(rows.stream().map(Row::faceId).toList()))
                        .setUpsertCnt(rows.size())
                        .setTimestamp(clock.incrementAndGet())
                        .build();
            }, s -> MutationResult.newBuilder().setStatus(s).build());
        }

        @Override
        public void delete(DeleteRequest request, StreamObserver<MutationResult> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                if (!request.getPartitionName().isEmpty()) {
                    throw new Refusal(PARAMETER_INVALID,
                            "not support manually specifying the partition names if partition key mode is used");
                }
                Filter filter = Filter.parse(request.getExpr(),
                        EnumSet.of(Filter.Form.FACE_IDS, Filter.Form.SUBJECT));
                // Deleting by anything but primary keys makes Milvus query first, which needs the collection loaded.
                requireLoaded(c, request.getCollectionName());
                List<String> deleted = new ArrayList<>();
                synchronized (c) {
                    c.rows.values().removeIf(row -> {
                        boolean hit = filter.matches(row);
                        if (hit) {
                            deleted.add(row.faceId());
                        }
                        return hit;
                    });
                }
                return MutationResult.newBuilder().setStatus(ok()).setIDs(stringIds(deleted))
                        .setDeleteCnt(deleted.size()).setTimestamp(clock.incrementAndGet()).build();
            }, s -> MutationResult.newBuilder().setStatus(s).build());
        }

        @Override
        public void search(SearchRequest request, StreamObserver<SearchResults> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                requireLoaded(c, request.getCollectionName());
                Map<String, String> params = searchParams(request.getSearchParamsList());
                FieldSchema vectorField = c.field(params.get("anns_field"));
                if (vectorField == null || vectorField.getDataType() != DataType.FloatVector) {
                    throw new Refusal(PARAMETER_INVALID, "no float vector field " + params.get("anns_field"));
                }
                if (!c.index.get("metric_type").equals(params.get("metric_type"))) {
                    throw new Refusal(PARAMETER_INVALID, "metric type not match: expected "
                            + c.index.get("metric_type") + ", actual " + params.get("metric_type"));
                }
                int topK = Integer.parseInt(params.get("topk"));
                if (!isInteger(params.get("ef")) || Integer.parseInt(params.get("ef")) < topK) {
                    throw new Refusal(PARAMETER_INVALID, "ef(" + params.get("ef") + ") should be larger than k("
                            + topK + ")");
                }
                Filter filter = Filter.parse(request.getDsl(), EnumSet.of(Filter.Form.COLLECTION));
                List<float[]> queries = queryVectors(request, dimension(vectorField));
                for (String name : request.getOutputFieldsList()) {
                    if (c.field(name) == null) {
                        throw new Refusal(PARAMETER_INVALID, "field " + name + " not exist");
                    }
                }
                List<Row> candidates;
                synchronized (c) {
                    candidates = c.rows.values().stream().filter(filter::matches).toList();
                }
                SearchResultData.Builder result = SearchResultData.newBuilder()
                        .setNumQueries(queries.size()).setTopK(topK).setPrimaryFieldName(primaryKey(c))
                        .addAllOutputFields(request.getOutputFieldsList());
                List<String> ids = new ArrayList<>();
                List<Row> hits = new ArrayList<>();
                for (float[] query : queries) {
                    List<Map.Entry<Row, Float>> best = candidates.stream()
                            .map(row -> Map.entry(row, (float) Similarity.cosine(query, row.vector())))
                            .sorted(Map.Entry.<Row, Float>comparingByValue(Comparator.reverseOrder()))
                            .limit(topK)
                            .toList();
                    result.addTopks(best.size());
                    for (Map.Entry<Row, Float> hit : best) {
                        ids.add(hit.getKey().faceId());
                        hits.add(hit.getKey());
                        result.addScores(hit.getValue());
                    }
                }
                result.setIds(stringIds(ids));
                for (String name : request.getOutputFieldsList()) {
                    result.addFieldsData(column(c, name, hits));
                }
                return SearchResults.newBuilder().setStatus(ok()).setResults(result)
                        .setCollectionName(request.getCollectionName()).build();
            }, s -> SearchResults.newBuilder().setStatus(s).build());
        }

        @Override
        public void query(QueryRequest request, StreamObserver<QueryResults> out) {
            answer(request, out, () -> {
                StoredCollection c = existing(request.getDbName(), request.getCollectionName());
                requireLoaded(c, request.getCollectionName());
                Filter filter = Filter.parse(request.getExpr(), EnumSet.of(Filter.Form.COLLECTION,
                        Filter.Form.FACE_ID_AFTER, Filter.Form.COLLECTION_NOT_IN));
                Map<String, String> params = new HashMap<>();
                request.getQueryParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
                long offset = Long.parseLong(params.getOrDefault("offset", "0"));
                long limit = Long.parseLong(params.getOrDefault("limit", String.valueOf(Long.MAX_VALUE)));
                if (params.containsKey("limit") && offset + limit > 16384) {
                    throw new Refusal(PARAMETER_INVALID, "(offset+limit) should be in range [1, 16384]");
                }
                List<String> outputs = new ArrayList<>(request.getOutputFieldsList());
                String pk = primaryKey(c);
                if (!outputs.contains(pk)) {
                    outputs.add(0, pk);
                }
                for (String name : outputs) {
                    if (c.field(name) == null) {
                        throw new Refusal(PARAMETER_INVALID, "field " + name + " not exist");
                    }
                }
                List<Row> hits;
                synchronized (c) {
                    // Rows are kept by primary key, so like Milvus a limited query returns the smallest keys.
                    hits = c.rows.values().stream().filter(filter::matches).skip(offset).limit(limit).toList();
                }
                QueryResults.Builder result = QueryResults.newBuilder().setStatus(ok())
                        .setCollectionName(request.getCollectionName()).setPrimaryFieldName(pk)
                        .addAllOutputFields(outputs);
                for (String name : outputs) {
                    result.addFieldsData(column(c, name, hits));
                }
                return result.build();
            }, s -> QueryResults.newBuilder().setStatus(s).build());
        }

        private <T> void answer(Message request, StreamObserver<T> out, Supplier<T> work,
                                Function<Status, T> failure) {
            requests.add(request);
            T response;
            try {
                response = work.get();
            } catch (Refusal e) {
                response = failure.apply(Status.newBuilder().setCode(e.code)
                        .setErrorCode(ErrorCode.UnexpectedError).setReason(e.getMessage()).build());
            }
            out.onNext(response);
            out.onCompleted();
        }
    }

    /**
     * The collections of the database a request names, or else its call's {@code dbname} header names (as Milvus'
     * proxy reads it; the SDK leaves db_name empty in some requests), or else the default one.
     */
    private Map<String, StoredCollection> database(String requested) {
        String name = requested.isEmpty() ? CALL_DATABASE.get() : requested;
        if (name == null || name.isEmpty()) {
            name = DEFAULT_DATABASE;
        }
        Map<String, StoredCollection> database = databases.get(name);
        if (database == null) {
            throw new Refusal(DATABASE_NOT_FOUND, "database not found[database=" + name + "]");
        }
        return database;
    }

    private StoredCollection existing(String database, String name) {
        StoredCollection c = database(database).get(name);
        if (c == null) {
            throw new Refusal(COLLECTION_NOT_FOUND, "collection not found[collection=" + name + "]");
        }
        return c;
    }

    private static void requireLoaded(StoredCollection c, String name) {
        if (!c.loaded) {
            throw new Refusal(COLLECTION_NOT_LOADED, "collection not loaded[collection=" + name + "]");
        }
    }

    private static CollectionSchema parseSchema(ByteString bytes) {
        try {
            return CollectionSchema.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new Refusal(PARAMETER_INVALID, "schema is not a CollectionSchema: " + e.getMessage());
        }
    }

    /** The rules Milvus applies to the schemas this adapter can create. */
    private static CollectionSchema checkSchema(CollectionSchema schema) {
        List<FieldSchema> primary = schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).toList();
        if (primary.size() != 1) {
            throw new Refusal(PARAMETER_INVALID, "a collection needs exactly one primary key");
        }
        if (schema.getFieldsList().stream().filter(FieldSchema::getIsPartitionKey).count() > 1) {
            throw new Refusal(PARAMETER_INVALID, "there are more than one partition key");
        }
        for (FieldSchema field : schema.getFieldsList()) {
            switch (field.getDataType()) {
                case VarChar -> {
                    if (!isInteger(typeParam(field, "max_length"))) {
                        throw new Refusal(PARAMETER_INVALID, "type param(max_length) should be specified for "
                                + field.getName());
                    }
                }
                case FloatVector -> {
                    if (field.getIsPrimaryKey() || field.getIsPartitionKey() || dimension(field) <= 0) {
                        throw new Refusal(PARAMETER_INVALID, "bad vector field " + field.getName());
                    }
                }
                default -> throw new Refusal(PARAMETER_INVALID, "this test server stores VarChar and FloatVector "
                        + "fields only, not " + field.getDataType());
            }
            if (field.getIsPartitionKey() && field.getIsPrimaryKey()) {
                throw new Refusal(PARAMETER_INVALID, "the partition key field must not be primary field");
            }
        }
        return schema;
    }

    private static CollectionSchema withFieldIds(CollectionSchema schema) {
        CollectionSchema.Builder builder = schema.toBuilder();
        for (int i = 0; i < builder.getFieldsCount(); i++) {
            builder.setFields(i, builder.getFields(i).toBuilder().setFieldID(100 + i));
        }
        return builder.build();
    }

    /** Columns to rows, refusing what Milvus refuses: missing or unknown fields, wrong types, lengths, dimensions. */
    private static List<Row> rows(StoredCollection c, List<FieldData> columns, int numRows) {
        Map<String, FieldData> byName = new LinkedHashMap<>();
        for (FieldData column : columns) {
            FieldSchema field = c.field(column.getFieldName());
            if (field == null || column.getIsDynamic()) {
                throw new Refusal(PARAMETER_INVALID, "field " + column.getFieldName() + " is not in the schema");
            }
            if (column.getType() != field.getDataType()) {
                throw new Refusal(PARAMETER_INVALID, "field " + field.getName() + " should be "
                        + field.getDataType() + ", was " + column.getType());
            }
            byName.put(field.getName(), column);
        }
        for (FieldSchema field : c.schema.getFieldsList()) {
            if (!byName.containsKey(field.getName())) {
                throw new Refusal(PARAMETER_INVALID, "the num_rows (" + numRows + ") of field ("
                        + field.getName() + ") is not equal to passed num_rows (0)");
            }
        }
        Map<String, List<String>> strings = new HashMap<>();
        float[][] vectors = null;
        String vectorName = null;
        for (FieldSchema field : c.schema.getFieldsList()) {
            FieldData column = byName.get(field.getName());
            if (field.getDataType() == DataType.VarChar) {
                List<String> values = column.getScalars().getStringData().getDataList();
                int max = Integer.parseInt(typeParam(field, "max_length"));
                if (values.size() != numRows) {
                    throw new Refusal(PARAMETER_INVALID, "field " + field.getName() + " has " + values.size()
                            + " values for " + numRows + " rows");
                }
                for (String value : values) {
                    if (value.length() > max) {
                        throw new Refusal(PARAMETER_INVALID, "the length (" + value.length() + ") of "
                                + field.getName() + " exceeds max length (" + max + ")");
                    }
                }
                strings.put(field.getName(), values);
            } else {
                int dim = dimension(field);
                List<Float> flat = column.getVectors().getFloatVector().getDataList();
                if (column.getVectors().getDim() != dim || flat.size() != (long) dim * numRows) {
                    throw new Refusal(PARAMETER_INVALID, "the dim (" + column.getVectors().getDim()
                            + ") of field data(" + field.getName() + ") is not equal to schema dim (" + dim + ")");
                }
                vectors = new float[numRows][dim];
                for (int i = 0; i < flat.size(); i++) {
                    vectors[i / dim][i % dim] = flat.get(i);
                }
                vectorName = field.getName();
            }
        }
        Objects.requireNonNull(vectorName, "schema without vector field");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < numRows; i++) {
            rows.add(new Row(strings.get(MilvusGalleryIndex.FACE_ID).get(i),
                    strings.get(MilvusGalleryIndex.SUBJECT_ID).get(i),
                    strings.get(MilvusGalleryIndex.COLLECTION).get(i), vectors[i]));
        }
        return rows;
    }

    private static FieldData column(StoredCollection c, String name, List<Row> rows) {
        FieldSchema field = c.field(name);
        if (field.getDataType() != DataType.VarChar) {
            throw new Refusal(PARAMETER_INVALID, "this test server returns VarChar fields only, not " + name);
        }
        Function<Row, String> value = switch (name) {
            case MilvusGalleryIndex.FACE_ID -> Row::faceId;
            case MilvusGalleryIndex.SUBJECT_ID -> Row::subjectId;
            case MilvusGalleryIndex.COLLECTION -> Row::collection;
            default -> throw new Refusal(PARAMETER_INVALID, "unknown field " + name);
        };
        return FieldData.newBuilder().setType(DataType.VarChar).setFieldName(name).setFieldId(field.getFieldID())
                .setScalars(ScalarField.newBuilder().setStringData(
                        StringArray.newBuilder().addAllData(rows.stream().map(value).toList())))
                .build();
    }

    private static List<float[]> queryVectors(SearchRequest request, int dim) {
        if (!request.hasPlaceholderGroup()) {
            throw new Refusal(PARAMETER_INVALID, "search without query vectors");
        }
        PlaceholderGroup group;
        try {
            group = PlaceholderGroup.parseFrom(request.getPlaceholderGroup());
        } catch (InvalidProtocolBufferException e) {
            throw new Refusal(PARAMETER_INVALID, "placeholder group does not parse: " + e.getMessage());
        }
        if (group.getPlaceholdersCount() != 1) {
            throw new Refusal(PARAMETER_INVALID, "expected one placeholder, got " + group.getPlaceholdersCount());
        }
        PlaceholderValue placeholder = group.getPlaceholders(0);
        if (placeholder.getType() != PlaceholderType.FloatVector) {
            throw new Refusal(PARAMETER_INVALID, "expected float vectors, got " + placeholder.getType());
        }
        List<float[]> vectors = new ArrayList<>();
        for (ByteString bytes : placeholder.getValuesList()) {
            if (bytes.size() != dim * Float.BYTES) {
                throw new Refusal(PARAMETER_INVALID, "the dimension of the query vector (" + bytes.size() / 4
                        + ") does not match the field (" + dim + ")");
            }
            ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] vector = new float[dim];
            buffer.asFloatBuffer().get(vector);
            vectors.add(vector);
        }
        if (vectors.size() != request.getNq()) {
            throw new Refusal(PARAMETER_INVALID, "nq " + request.getNq() + " but " + vectors.size() + " vectors");
        }
        return vectors;
    }

    /** Index parameters as Milvus reads them: flat pairs, or their JSON form under {@code params}. */
    private static Map<String, String> indexParams(List<KeyValuePair> pairs) {
        Map<String, String> params = new TreeMap<>();
        for (KeyValuePair pair : pairs) {
            if (pair.getKey().equals("params")) {
                JsonParser.parseString(pair.getValue()).getAsJsonObject().entrySet()
                        .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
            } else {
                params.put(pair.getKey(), pair.getValue());
            }
        }
        return params;
    }

    private static Map<String, String> searchParams(List<KeyValuePair> pairs) {
        Map<String, String> params = indexParams(pairs);
        for (String required : List.of("anns_field", "topk", "metric_type")) {
            if (!params.containsKey(required)) {
                throw new Refusal(PARAMETER_INVALID, required + " not found in search_params");
            }
        }
        return params;
    }

    private static String primaryKey(StoredCollection c) {
        return c.schema.getFieldsList().stream().filter(FieldSchema::getIsPrimaryKey).findFirst().orElseThrow()
                .getName();
    }

    private static int dimension(FieldSchema field) {
        String dim = typeParam(field, "dim");
        return isInteger(dim) ? Integer.parseInt(dim) : -1;
    }

    private static String typeParam(FieldSchema field, String key) {
        return field.getTypeParamsList().stream().filter(p -> p.getKey().equals(key)).map(KeyValuePair::getValue)
                .findFirst().orElse(null);
    }

    private static boolean isInteger(String value) {
        return value != null && value.matches("[0-9]+");
    }

    private static IDs stringIds(List<String> ids) {
        return IDs.newBuilder().setStrId(StringArray.newBuilder().addAllData(ids)).build();
    }

    private static KeyValuePair pair(String key, String value) {
        return KeyValuePair.newBuilder().setKey(key).setValue(value).build();
    }

    private static Status ok() {
        return Status.newBuilder().setErrorCode(ErrorCode.Success).build();
    }

    /**
     * The filter expressions {@link MilvusGalleryIndex} writes, and no others:
     * {@code collection == S}, optionally followed by {@code and} and one of {@code subject_id == S},
     * {@code face_id in [S, ...]} or {@code face_id > S}; or {@code collection not in [S, ...]} alone; where S is a
     * double-quoted string with the escapes {@code \" \\ \n \r \t \\uXXXX}.
     */
    record Filter(Form form, String collection, Set<String> values) {

        enum Form { COLLECTION, SUBJECT, FACE_IDS, FACE_ID_AFTER, COLLECTION_NOT_IN }

        static Filter parse(String expr, Set<Form> allowed) {
            Filter filter = new Parser(expr).filter();
            if (!allowed.contains(filter.form())) {
                throw new Refusal(PARAMETER_INVALID, "protocol test server: filter form " + filter.form()
                        + " is not expected in this request: " + expr);
            }
            return filter;
        }

        boolean matches(Row row) {
            if (form == Form.COLLECTION_NOT_IN) {
                return !values.contains(row.collection());
            }
            if (!row.collection().equals(collection)) {
                return false;
            }
            return switch (form) {
                case COLLECTION -> true;
                case SUBJECT -> values.contains(row.subjectId());
                case FACE_IDS -> values.contains(row.faceId());
                case FACE_ID_AFTER -> row.faceId().compareTo(values.iterator().next()) > 0;
                case COLLECTION_NOT_IN -> throw new IllegalStateException("answered above");
            };
        }
    }

    private static final class Parser {
        private final String expr;
        private int at;

        Parser(String expr) {
            this.expr = expr;
        }

        Filter filter() {
            word(MilvusGalleryIndex.COLLECTION);
            if (peekWord("not")) {
                word("not");
                word("in");
                Filter filter = new Filter(Filter.Form.COLLECTION_NOT_IN, null, Set.copyOf(strings()));
                if (!end()) {
                    throw fail("trailing input");
                }
                return filter;
            }
            symbol("==");
            String collection = string();
            if (end()) {
                return new Filter(Filter.Form.COLLECTION, collection, Set.of());
            }
            word("and");
            Filter filter;
            if (peekWord(MilvusGalleryIndex.SUBJECT_ID)) {
                word(MilvusGalleryIndex.SUBJECT_ID);
                symbol("==");
                filter = new Filter(Filter.Form.SUBJECT, collection, Set.of(string()));
            } else {
                word(MilvusGalleryIndex.FACE_ID);
                if (peekWord("in")) {
                    word("in");
                    filter = new Filter(Filter.Form.FACE_IDS, collection, Set.copyOf(strings()));
                } else {
                    symbol(">");
                    filter = new Filter(Filter.Form.FACE_ID_AFTER, collection, Set.of(string()));
                }
            }
            if (!end()) {
                throw fail("trailing input");
            }
            return filter;
        }

        /** {@code [S, ...]}, at least one. */
        private List<String> strings() {
            symbol("[");
            List<String> values = new ArrayList<>();
            values.add(string());
            while (peekSymbol(",")) {
                symbol(",");
                values.add(string());
            }
            symbol("]");
            return values;
        }

        private void word(String expected) {
            skipSpaces();
            if (!peekWord(expected)) {
                throw fail("expected " + expected);
            }
            at += expected.length();
        }

        private boolean peekWord(String expected) {
            skipSpaces();
            int after = at + expected.length();
            return expr.startsWith(expected, at)
                    && (after == expr.length() || !Character.isLetterOrDigit(expr.charAt(after))
                    && expr.charAt(after) != '_');
        }

        private void symbol(String expected) {
            if (!peekSymbol(expected)) {
                throw fail("expected " + expected);
            }
            at += expected.length();
        }

        private boolean peekSymbol(String expected) {
            skipSpaces();
            return expr.startsWith(expected, at) && !(expected.equals(">") && expr.startsWith(">=", at));
        }

        private String string() {
            skipSpaces();
            if (at >= expr.length() || expr.charAt(at) != '"') {
                throw fail("expected a double-quoted string");
            }
            StringBuilder value = new StringBuilder();
            at++;
            while (true) {
                if (at >= expr.length()) {
                    throw fail("unterminated string");
                }
                char c = expr.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c < 0x20) {
                    throw fail("raw control character in string");
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (at >= expr.length()) {
                    throw fail("dangling backslash");
                }
                char escaped = expr.charAt(at++);
                switch (escaped) {
                    case '"', '\\' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (at + 4 > expr.length() || !expr.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
                            throw fail("bad \\u escape");
                        }
                        value.append((char) Integer.parseInt(expr.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw fail("escape \\" + escaped + " is not one the adapter writes");
                }
            }
        }

        private boolean end() {
            skipSpaces();
            return at == expr.length();
        }

        private void skipSpaces() {
            while (at < expr.length() && expr.charAt(at) == ' ') {
                at++;
            }
        }

        private Refusal fail(String why) {
            return new Refusal(PARAMETER_INVALID, "protocol test server cannot parse filter (" + why + " at "
                    + at + "): " + expr);
        }
    }
}
