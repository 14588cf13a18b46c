package dev.visage.api.index.embedded;

import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexedFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * 1:N search latency and recall@10 of {@link LuceneGalleryIndex} against an exact scan, at gallery sizes given as
 * arguments. Not a test: run by hand (see docs/benchmarks.md), it takes minutes to hours.
 *
 * <pre>
 * java -Xmx8g -cp ... dev.visage.api.index.embedded.GalleryIndexBenchmark [--candidates=100,200] [--queries=200]
 *     [--batch=10000] [--m=16] [--beam=100] [--dir=/tmp/...] [--index=/path/of/a/kept/index] SIZE...
 * </pre>
 *
 * With {@code --index} the index is built there (a sub-directory per size) and kept, and a later run with the same
 * size and graph options searches it without building it again: the gallery's vectors are seeded by its size, so
 * the exact answers are the same. That separates hours of building from minutes of measuring on a quiet machine.
 */
public final class GalleryIndexBenchmark {

    private static final int DIMENSION = 512;
    private static final int K = 10;
    private static final String COLLECTION = "gallery";
    /** Noise giving a cosine of about 0.7 to the stored face: a second photo of an enrolled person. */
    private static final double SAME_PERSON_NOISE = 1.0;
    private static final int WARM_UP_QUERIES = 100;
    private static final int SINGLE_FACE_UPSERTS = 50;

    private final int queries;
    private final int batch;
    private final int[] candidates;
    private final int maxConnections;
    private final int beamWidth;
    private final Path workDir;
    private final Path keptIndexDir;

    private GalleryIndexBenchmark(Arguments arguments) {
        this.queries = arguments.intOption("queries", 200);
        this.batch = arguments.intOption("batch", 10_000);
        this.candidates = arguments.intsOption("candidates", "100");
        this.maxConnections = arguments.intOption("m", LuceneGalleryIndex.Settings.DEFAULTS.maxConnections());
        this.beamWidth = arguments.intOption("beam", LuceneGalleryIndex.Settings.DEFAULTS.beamWidth());
        this.workDir = Path.of(arguments.option("dir", System.getProperty("java.io.tmpdir")));
        String kept = arguments.option("index", "");
        this.keptIndexDir = kept.isEmpty() ? null : Path.of(kept);
    }

    public static void main(String[] args) throws IOException {
        Arguments arguments = new Arguments(args);
        GalleryIndexBenchmark benchmark = new GalleryIndexBenchmark(arguments);
        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MB, M=%d beamWidth=%d%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, benchmark.maxConnections, benchmark.beamWidth);
        compareSimilarityFunctions();
        for (int size : arguments.sizes()) {
            benchmark.run(size);
        }
    }

    /** The cost that decides DOT_PRODUCT against COSINE: HNSW build and search are almost all comparisons. */
    private static void compareSimilarityFunctions() {
        Random random = new Random(7);
        float[][] vectors = new float[1_000][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = UnitVectors.random(random, DIMENSION);
        }
        for (int round = 0; round < 3; round++) {
            double dot = nanosPerComparison(VectorSimilarityFunction.DOT_PRODUCT, vectors);
            double cosine = nanosPerComparison(VectorSimilarityFunction.COSINE, vectors);
            if (round == 2) {
                System.out.printf(Locale.ROOT, "512-d comparison: DOT_PRODUCT %.0f ns, COSINE %.0f ns%n", dot, cosine);
            }
        }
    }

    private static double nanosPerComparison(VectorSimilarityFunction function, float[][] vectors) {
        float sink = 0;
        long start = System.nanoTime();
        for (float[] a : vectors) {
            for (float[] b : vectors) {
                sink += function.compare(a, b);
            }
        }
        long elapsed = System.nanoTime() - start;
        if (sink == Float.MIN_VALUE) {
            System.out.println(sink);
        }
        return elapsed / (double) (vectors.length * vectors.length);
    }

    private void run(int size) throws IOException {
        System.out.printf(Locale.ROOT, "%n== %,d faces ==%n", size);
        Random random = new Random(size);
        ExactSearch exact = new ExactSearch(DIMENSION, size);
        for (int i = 0; i < size; i++) {
            exact.add(UnitVectors.random(random, DIMENSION));
        }
        List<float[]> sameFaceQueries = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<float[]> randomQueries = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            int source = random.nextInt(size);
            sources.add(source);
            sameFaceQueries.add(UnitVectors.near(random, exact.vector(source), SAME_PERSON_NOISE));
            randomQueries.add(UnitVectors.random(random, DIMENSION));
        }

        long exactStart = System.nanoTime();
        List<Set<Integer>> sameFaceTruth = truth(exact, sameFaceQueries);
        List<Set<Integer>> randomTruth = truth(exact, randomQueries);
        System.out.printf(Locale.ROOT, "exact scan: %.1f ms per query (both cores)%n",
                millisSince(exactStart) / (2.0 * queries));

        Path dataDir = keptIndexDir == null ? Files.createTempDirectory(workDir, "gallery-benchmark-")
                : Files.createDirectories(keptIndexDir.resolve("faces-%d-m%d-beam%d".formatted(size, maxConnections,
                        beamWidth)));
        try {
            if (storedFaces(dataDir) == size) {
                System.out.printf(Locale.ROOT, "searching the kept index %s%n", dataDir);
            } else {
                ingest(exact, size, dataDir);
            }
            for (int searchCandidates : candidates) {
                LuceneGalleryIndex.Settings settings = settings(searchCandidates);
                try (LuceneGalleryIndex index = LuceneGalleryIndex.open(dataDir, DIMENSION, settings)) {
                    warmUp(index, random);
                    Measured same = measure(index, sameFaceQueries, sameFaceTruth);
                    Measured unrelated = measure(index, randomQueries, randomTruth);
                    long foundFirst = IntStream.range(0, queries)
                            .filter(q -> same.firstFaceIds().get(q).equals(String.valueOf(sources.get(q)))).count();
                    System.out.printf(Locale.ROOT,
                            "candidates %d, same-person queries: %s, enrolled face first %d/%d%n",
                            searchCandidates, same, foundFirst, queries);
                    System.out.printf(Locale.ROOT, "candidates %d, random queries:      %s%n",
                            searchCandidates, unrelated);
                }
            }
            try (LuceneGalleryIndex index = LuceneGalleryIndex.open(dataDir, DIMENSION, settings(candidates[0]))) {
                measureSingleFaceUpserts(index, size, random);
            }
        } finally {
            if (keptIndexDir == null) {
                deleteRecursively(dataDir);
            }
        }
    }

    private int storedFaces(Path dataDir) {
        try (LuceneGalleryIndex index = LuceneGalleryIndex.open(dataDir, DIMENSION, settings(candidates[0]))) {
            return ((Number) index.status().details().get("vector_count")).intValue();
        }
    }

    private LuceneGalleryIndex.Settings settings(int searchCandidates) {
        return new LuceneGalleryIndex.Settings(maxConnections, beamWidth, searchCandidates,
                LuceneGalleryIndex.Settings.DEFAULTS.ramBufferMb());
    }

    private static List<Set<Integer>> truth(ExactSearch exact, List<float[]> queries) {
        return queries.parallelStream().map(query -> exact.topK(query, K)).toList();
    }

    private void ingest(ExactSearch exact, int size, Path dataDir) throws IOException {
        try (LuceneGalleryIndex index = LuceneGalleryIndex.open(dataDir, DIMENSION, settings(candidates[0]))) {
            long start = System.nanoTime();
            long lastReport = start;
            for (int from = 0; from < size; from += batch) {
                List<IndexedFace> faces = new ArrayList<>(batch);
                for (int position = from; position < Math.min(size, from + batch); position++) {
                    faces.add(new IndexedFace(String.valueOf(position), "s" + position, COLLECTION,
                            exact.vector(position)));
                }
                index.upsert(faces);
                if (System.nanoTime() - lastReport > TimeUnit.MINUTES.toNanos(1)) {
                    lastReport = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  ingested %,d in %.0f s%n", from + faces.size(),
                            millisSince(start) / 1000);
                }
            }
            double ingestSeconds = millisSince(start) / 1000;
            index.awaitMerges();
            double settledSeconds = millisSince(start) / 1000;
            System.out.printf(Locale.ROOT,
                    "ingest: %.1f s (%.0f faces/s) in batches of %,d; merges settled at %.1f s; %s segments%n",
                    ingestSeconds, size / ingestSeconds, batch, settledSeconds,
                    index.status().details().get("segments"));
        }
    }

    private void warmUp(LuceneGalleryIndex index, Random random) {
        for (int q = 0; q < WARM_UP_QUERIES; q++) {
            index.search(COLLECTION, UnitVectors.random(random, DIMENSION), K);
        }
    }

    private static Measured measure(LuceneGalleryIndex index, List<float[]> queries, List<Set<Integer>> truth) {
        double[] millis = new double[queries.size()];
        double recallSum = 0;
        List<String> firstFaceIds = new ArrayList<>();
        for (int q = 0; q < queries.size(); q++) {
            long start = System.nanoTime();
            List<IndexMatch> matches = index.search(COLLECTION, queries.get(q), K);
            millis[q] = millisSince(start);
            recallSum += ExactSearch.recall(truth.get(q),
                    matches.stream().map(match -> Integer.valueOf(match.faceId())).toList());
            firstFaceIds.add(matches.isEmpty() ? "" : matches.get(0).faceId());
        }
        return new Measured(Latency.of(millis), recallSum / queries.size(), firstFaceIds);
    }

    /**
     * Enrolment as the service does it: one face, committed and searchable before the call returns. The faces are
     * deleted again so that a kept index still holds exactly the seeded gallery.
     */
    private static void measureSingleFaceUpserts(LuceneGalleryIndex index, int size, Random random) {
        double[] millis = new double[SINGLE_FACE_UPSERTS];
        List<String> added = new ArrayList<>();
        for (int i = 0; i < SINGLE_FACE_UPSERTS; i++) {
            IndexedFace face = new IndexedFace(String.valueOf(size + i), "new" + i, COLLECTION,
                    UnitVectors.random(random, DIMENSION));
            long start = System.nanoTime();
            index.upsert(List.of(face));
            millis[i] = millisSince(start);
            added.add(face.faceId());
        }
        System.out.printf(Locale.ROOT, "single-face upsert (commit + refresh): %s%n", Latency.of(millis));
        index.deleteFaces(COLLECTION, added);
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private record Latency(double mean, double p50, double p99) {

        static Latency of(double[] millis) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Latency(Arrays.stream(sorted).average().orElse(0), percentile(sorted, 0.50),
                    percentile(sorted, 0.99));
        }

        /** Nearest rank. */
        private static double percentile(double[] sorted, double fraction) {
            return sorted[Math.max(0, (int) Math.ceil(fraction * sorted.length) - 1)];
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "mean %.2f ms, p50 %.2f ms, p99 %.2f ms", mean, p50, p99);
        }
    }

    private record Measured(Latency latency, double recall, List<String> firstFaceIds) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s, recall@10 %.3f", latency, recall);
        }
    }

    /** {@code --name=value} options, then gallery sizes. */
    private record Arguments(String[] args) {

        String option(String name, String fallback) {
            String prefix = "--" + name + "=";
            return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                    .reduce((first, last) -> last).orElse(fallback);
        }

        int intOption(String name, int fallback) {
            return Integer.parseInt(option(name, String.valueOf(fallback)));
        }

        int[] intsOption(String name, String fallback) {
            return Arrays.stream(option(name, fallback).split(",")).mapToInt(Integer::parseInt).toArray();
        }

        List<Integer> sizes() {
            List<Integer> sizes = Arrays.stream(args).filter(arg -> !arg.startsWith("--"))
                    .map(arg -> Integer.valueOf(arg.replace("_", ""))).toList();
            return sizes.isEmpty() ? List.of(10_000) : sizes;
        }
    }
}
