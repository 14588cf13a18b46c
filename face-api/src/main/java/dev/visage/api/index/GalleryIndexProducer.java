package dev.visage.api.index;

import dev.visage.api.gallery.GalleryConfig;
import dev.visage.api.index.embedded.LuceneGalleryIndex;
import dev.visage.api.index.milvus.MilvusGalleryIndex;
import dev.visage.api.index.milvus.MilvusSettings;
import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Chooses the gallery index adapter from configuration: {@code visage.gallery.index=embedded|milvus}. */
@ApplicationScoped
public class GalleryIndexProducer {

    private static final Logger LOG = Logger.getLogger(GalleryIndexProducer.class);
    private static final int DIMENSION = 512;

    @Produces
    @Singleton
    GalleryIndex galleryIndex(GalleryConfig config) {
        return switch (config.index()) {
            case embedded -> {
                LOG.infof("gallery index: embedded Lucene (sign-bit scan, exact rescoring) under %s",
                        config.embedded().dataDir());
                yield LuceneGalleryIndex.open(config.embedded().dataDir(), DIMENSION);
            }
            case milvus -> {
                String uri = config.milvus().uri().orElseThrow(() -> new IllegalStateException(
                        "visage.gallery.index=milvus needs visage.gallery.milvus.uri (env VISAGE_GALLERY_MILVUS_URI)"));
                MilvusSettings settings = MilvusSettings.of(uri).withCollection(config.milvus().collection(),
                        DIMENSION);
                if (config.milvus().token().isPresent()) {
                    settings = new MilvusSettings(settings.uri(), config.milvus().token(), settings.database(),
                            settings.collectionName(), settings.dimension(), settings.hnswM(),
                            settings.hnswEfConstruction(), settings.searchEf(), settings.shards(),
                            settings.connectTimeout(), settings.requestTimeout(), settings.loadTimeout());
                }
                LOG.infof("gallery index: Milvus collection %s", settings.collectionName());
                MilvusSettings connection = settings;
                GalleryIndex index = new ReconnectingGalleryIndex("milvus", MilvusGalleryIndex.describe(connection),
                        () -> MilvusGalleryIndex.open(connection), config.milvus().reconnectInterval(),
                        Clock.systemUTC());
                // Connects now when Milvus answers, so the first gallery request does not wait for it.
                index.status();
                yield index;
            }
        };
    }

    void close(@Disposes GalleryIndex index) {
        index.close();
    }
}
