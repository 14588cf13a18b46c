package dev.visage.api.index.milvus;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MilvusGalleryIndexContract} against a real Milvus, named by {@code MILVUS_URI} (with {@code MILVUS_TOKEN}
 * and {@code MILVUS_DATABASE} when needed). The tests share one Milvus collection named for this run, dropped at
 * the end, so an existing gallery on the same server is never touched.
 */
@EnabledIfEnvironmentVariable(named = "MILVUS_URI", matches = ".+")
class MilvusLiveTest extends MilvusGalleryIndexContract {

    private static final String COLLECTION =
            "visage_live_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static MilvusSettings live() {
        return new MilvusSettings(System.getenv("MILVUS_URI"), env("MILVUS_TOKEN"), env("MILVUS_DATABASE"),
                COLLECTION, MilvusSettings.DEFAULT_DIMENSION, MilvusSettings.DEFAULT_HNSW_M,
                MilvusSettings.DEFAULT_HNSW_EF_CONSTRUCTION, MilvusSettings.DEFAULT_SEARCH_EF,
                MilvusSettings.DEFAULT_SHARDS, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2));
    }

    @Override
    protected MilvusSettings settings() {
        return live();
    }

    @AfterAll
    static void dropCollection() {
        MilvusClientV2 client = client();
        try {
            if (client.hasCollection(HasCollectionReq.builder().collectionName(COLLECTION).build())) {
                client.dropCollection(DropCollectionReq.builder().collectionName(COLLECTION).build());
            }
        } finally {
            client.close();
        }
    }

    @Test
    void theCollectionIsPartitionedByVisageCollectionAndIndexedWithHnswCosine() {
        MilvusClientV2 client = client();
        try {
            CreateCollectionReq.CollectionSchema schema = client.describeCollection(
                    DescribeCollectionReq.builder().collectionName(COLLECTION).build()).getCollectionSchema();
            assertTrue(schema.getField("face_id").getIsPrimaryKey());
            assertTrue(schema.getField("collection").getIsPartitionKey());
            assertEquals(MilvusSettings.DEFAULT_DIMENSION, schema.getField("vector").getDimension());

            DescribeIndexResp.IndexDesc index = client.describeIndex(DescribeIndexReq.builder()
                    .collectionName(COLLECTION).fieldName("vector").build()).getIndexDescByFieldName("vector");
            assertEquals(IndexParam.IndexType.HNSW, index.getIndexType());
            assertEquals(IndexParam.MetricType.COSINE, index.getMetricType());
            assertEquals("16", index.getExtraParams().get("M"));
            assertEquals("200", index.getExtraParams().get("efConstruction"));
        } finally {
            client.close();
        }
    }

    private static MilvusClientV2 client() {
        MilvusSettings settings = live();
        ConnectConfig.ConnectConfigBuilder config = ConnectConfig.builder().uri(settings.uri());
        settings.token().ifPresent(config::token);
        settings.database().ifPresent(config::dbName);
        return new MilvusClientV2(config.build());
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name));
    }
}
