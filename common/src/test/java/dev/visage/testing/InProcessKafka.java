package dev.visage.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A real single-node KRaft Kafka broker running inside the test JVM, shared by every test class of a module run.
 * Messages up to 20 MiB are accepted, as in the local and production brokers, because photos travel in them.
 */
public final class InProcessKafka {

    private static InProcessKafka shared;

    private final KafkaClusterTestKit cluster;
    private final Path baseDirectory;

    private InProcessKafka(KafkaClusterTestKit cluster, Path baseDirectory) {
        this.cluster = cluster;
        this.baseDirectory = baseDirectory;
    }

    /** The broker of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized InProcessKafka shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "in-process-kafka-stop"));
        }
        return shared;
    }

    /**
     * The base directory is ours, not the test kit's default: that default registers its own shutdown hook deleting
     * the log directories, which runs concurrently with {@link #stop()}, so the broker could lose its log directory
     * while shutting down and halt the JVM with status 1 after every test had passed.
     */
    private static InProcessKafka start() {
        try {
            Path baseDirectory = Files.createTempDirectory("visage-kafka-");
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                            .setBaseDirectory(baseDirectory)
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                    .setConfigProp("message.max.bytes", "20971520")
                    .setConfigProp("replica.fetch.max.bytes", "20971520")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "4")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InProcessKafka(cluster, baseDirectory);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics (4 partitions each) unless they exist. */
    public void createTopics(String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, 4, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics", e);
        }
    }

    /**
     * Runs as a shutdown hook. The JVM is exiting: a broker fault now changes nothing any test can observe, so
     * Kafka may no longer halt the JVM (which would turn a green run into a failed fork).
     */
    private void stop() {
        Exit.setHaltProcedure((status, message) -> { });
        Exit.setExitProcedure((status, message) -> { });
        try {
            cluster.close();
        } catch (Exception e) {
            deleteQuietly();
        }
    }

    /** The test kit deletes its directory only after a clean close. */
    private void deleteQuietly() {
        try {
            Utils.delete(baseDirectory.toFile());
        } catch (IOException e) {
            // A temp directory left behind by a JVM that is exiting is the operating system's to clean.
        }
    }
}
