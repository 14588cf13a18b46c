package dev.visage.api.templates;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.FaceRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.visage.api.database.DatabaseErrors.database;

/**
 * Moves every stored template onto the active key while face-api serves: batches of
 * {@link TemplateConfig#reencryptBatch()} templates, each batch one transaction, each row replaced only if it did
 * not change meanwhile. Runs once after start (so a new active key, or encryption switched on for a gallery stored
 * in the clear, takes effect by itself) and whenever an administrator asks. One pass at a time per replica; two
 * replicas passing at once only do some rows twice, never wrongly.
 */
@ApplicationScoped
public class TemplateReencryption {

    private static final Logger LOG = Logger.getLogger(TemplateReencryption.class);

    private final FaceRepository faces;
    private final TemplateCipher cipher;
    private final DatabaseSchema schema;
    private final Pool pool;
    private final TemplateConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public TemplateReencryption(FaceRepository faces, TemplateCipher cipher, DatabaseSchema schema, Pool pool,
                                TemplateConfig config) {
        this.faces = faces;
        this.cipher = cipher;
        this.schema = schema;
        this.pool = pool;
        this.config = config;
    }

    /** What a pass did, and how the templates are sealed after it. */
    public record Report(@JsonProperty("active_key") String activeKey,
                         @JsonProperty("reencrypted") long reencrypted,
                         @JsonProperty("templates_by_key") Map<String, Long> templatesByKey,
                         @JsonProperty("templates_in_clear") long templatesInClear) {
    }

    void onStart(@Observes StartupEvent event) {
        if (cipher.activeKey() == null) {
            return;
        }
        run().subscribe().with(
                report -> {
                    if (report.reencrypted() > 0) {
                        LOG.infof("templates re-encrypted with key '%s': %d; now %s", report.activeKey(),
                                report.reencrypted(), report.templatesByKey());
                    }
                },
                failure -> LOG.warnf("template re-encryption did not finish (%s); it runs again at the next "
                        + "start or on POST /api/v1/templates/reencryption", failure.getMessage()));
    }

    /** One pass until no template is left on another key; while a pass runs here, a second call only reports. */
    public Uni<Report> run() {
        if (cipher.activeKey() == null) {
            return status(0);
        }
        if (!running.compareAndSet(false, true)) {
            return status(0);
        }
        return database("reencrypt_templates", schema.ensure().chain(() -> Multi.createBy().repeating()
                        .uni(this::nextBatch).whilst(done -> done > 0)
                        .collect().with(Collectors.summingLong(Integer::longValue))))
                .chain(reencrypted -> status(reencrypted))
                .eventually(() -> running.set(false));
    }

    public Uni<Report> status() {
        return status(0);
    }

    private Uni<Report> status(long reencrypted) {
        return database("count_templates", schema.ensure().chain(faces::templatesByKey))
                .map(counts -> {
                    Map<String, Long> all = new HashMap<>(counts);
                    Long clear = all.remove(null);
                    return new Report(cipher.activeKey(), reencrypted, new TreeMap<>(all), clear == null ? 0 : clear);
                });
    }

    private Uni<Integer> nextBatch() {
        return faces.notSealedWith(cipher.activeKey(), config.reencryptBatch())
                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0) : reseal(batch));
    }

    private Uni<Integer> reseal(List<FaceRepository.StoredTemplate> batch) {
        return pool.withTransaction(tx -> Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(stored -> faces.replaceTemplate(tx, stored.faceId(),
                        stored.sealed().keyId(), cipher.seal(stored.faceId(), cipher.open(stored.faceId(),
                                stored.sealed()))))
                .collect().asList()
                .map(List::size));
    }
}
