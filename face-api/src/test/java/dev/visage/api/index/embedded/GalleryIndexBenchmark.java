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
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * 1:N search latency, recall@10 against an exact scan and enrolled-face-first rate of {@link LuceneGalleryIndex},
 * and its ingest rate, at gallery sizes given as arguments. Not a test: run by hand (see docs/benchmarks.md), it
 * takes minutes to hours.
 *
 * <pre>
 * java -Xmx8g --add-modules jdk.incubator.vector -cp ... dev.visage.api.index.embedded.GalleryIndexBenchmark
 *     [--candidates=500,1000] [--queries=200] [--batch=10000] [--dir=/tmp/...] [--index=/path/of/a/kept/index]
 *     SIZE...
 * </pre>
 *
 * With {@code --index} the index is built there (a sub-directory per size) and kept, and a later run with the same
 * size searches it without building it again: the gallery's vectors are seeded by its size, so
 * the exact answers are the same. That separates hours of building from minutes of measuring on a quiet machine.
 */
public final class GalleryIndexBenchmark {

    private static final int DIMENSION = 512;
    private static final int K = 10;
    private static final String COLLECTION = "gallery";
    /** Noise giving a cosine of about 0.7 to the stored face: a second photo of an enrolled person. */
    private static final double SAME_PERSON_NOISE = 1.0;
    /**
     * Hard probes lie at a cosine drawn evenly from this range to the stored face: a poor photo near the gallery's
     * match threshold, where strangers come closest to overtaking the enrolled face.
     */
    private static final double HARD_PROBE_MIN_COSINE = 0.45;
    private static final double HARD_PROBE_MAX_COSINE = 0.50;
    private static final int WARM_UP_QUERIES = 100;
    private static final int SINGLE_FACE_UPSERTS = 50;

    private final int queries;
    private final int batch;
    private final int[] candidates;
    private final Path workDir;
    private final Path keptIndexDir;

    private GalleryIndexBenchmark(Arguments arguments) {
        this.queries = arguments.intOption("queries", 200);
        this.batch = arguments.intOption("batch", 10_000);
        this.candidates = arguments.intsOption("candidates",
                String.valueOf(LuceneGalleryIndex.Settings.DEFAULTS.searchCandidates()));
        this.workDir = Path.of(arguments.option("dir", System.getProperty("java.io.tmpdir")));
        String kept = arguments.option("index", "");
        this.keptIndexDir = kept.isEmpty() ? null : Path.of(kept);
    }

    public static void main(String[] args) throws IOException {
        printLuceneVectorization();
        Arguments arguments = new Arguments(args);
        GalleryIndexBenchmark benchmark = new GalleryIndexBenchmark(arguments);
        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MB%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        compareSimilarityFunctions();
        for (int size : arguments.sizes()) {
            benchmark.run(size);
        }
    }

    /**
     * Lucene says once, through java.util.logging, whether it compares vectors with the Panama vector API (it needs
     * {@code --add-modules jdk.incubator.vector}) or scalar code; that decides most of the numbers below.
     */
    private static void printLuceneVectorization() {
        Logger vectorization = Logger.getLogger("org.apache.lucene.internal.vectorization");
        vectorization.setLevel(Level.ALL);
        vectorization.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                System.out.println("lucene vectorization: " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** What rescoring a candidate costs, and whether Lucene compares with SIMD. */
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
        long exactStart = System.nanoTime();
        List<Probes> kinds = List.of(
                Probes.near(exact, random, queries, "same-person (cos ~0.7)",
                        base -> UnitVectors.near(random, base, SAME_PERSON_NOISE)),
                Probes.near(exact, random, queries, "hard (cos 0.45-0.5)", base -> UnitVectors.atCosine(random, base,
                        HARD_PROBE_MIN_COSINE + random.nextDouble() * (HARD_PROBE_MAX_COSINE - HARD_PROBE_MIN_COSINE))),
                Probes.random(exact, random, queries));
        System.out.printf(Locale.ROOT, "exact scan: %.1f ms per query (all cores)%n",
                millisSince(exactStart) / (kinds.size() * queries));
        for (Probes probes : kinds) {
            probes.printCosines(exact);
        }

        Path dataDir = keptIndexDir == null ? Files.createTempDirectory(workDir, "gallery-benchmark-")
                : Files.createDirectories(keptIndexDir.resolve("faces-%d".formatted(size)));
        try {
            if (storedFaces(dataDir) == size) {
                System.out.printf(Locale.ROOT, "searching the kept index %s%n", dataDir);
            } else {
                ingest(exact, size, dataDir);
            }
            for (int searchCandidates : candidates) {
                try (LuceneGalleryIndex index = LuceneGalleryIndex.open(dataDir, DIMENSION,
                        settings(searchCandidates))) {
                    warmUp(index, random);
                    for (Probes probes : kinds) {
                        System.out.printf(Locale.ROOT, "candidates %d, %-22s %s%n", searchCandidates,
                                probes.name() + ":", measure(index, probes));
                    }
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
        return LuceneGalleryIndex.Settings.DEFAULTS.withSearchCandidates(searchCandidates);
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
            Object segments = index.status().details().get("segments");
            index.finishBulkLoad();
            double mergedSeconds = millisSince(start) / 1000;
            System.out.printf(Locale.ROOT, "ingest: %.1f s (%.0f faces/s) in batches of %,d, searchable in %s segments;"
                    + " merged into %s at %.1f s (%.0f faces/s including the merge)%n", ingestSeconds,
                    size / ingestSeconds, batch, segments, index.status().details().get("segments"), mergedSeconds,
                    size / mergedSeconds);
        }
    }

    private void warmUp(LuceneGalleryIndex index, Random random) {
        for (int q = 0; q < WARM_UP_QUERIES; q++) {
            index.search(COLLECTION, UnitVectors.random(random, DIMENSION), K);
        }
    }

    private static Measured measure(LuceneGalleryIndex index, Probes probes) {
        double[] millis = new double[probes.vectors().size()];
        double recallSum = 0;
        int enrolledFirst = 0;
        for (int q = 0; q < millis.length; q++) {
            long start = System.nanoTime();
            List<IndexMatch> matches = index.search(COLLECTION, probes.vectors().get(q), K);
            millis[q] = millisSince(start);
            recallSum += ExactSearch.recall(probes.truth().get(q),
                    matches.stream().map(match -> Integer.valueOf(match.faceId())).toList());
            if (!probes.sources().isEmpty() && !matches.isEmpty()
                    && matches.get(0).faceId().equals(String.valueOf(probes.sources().get(q)))) {
                enrolledFirst++;
            }
        }
        return new Measured(Latency.of(millis), recallSum / millis.length,
                probes.sources().isEmpty() ? -1 : enrolledFirst, millis.length);
    }

    /**
     * Enrolment as the service does it: one face, searchable before the call returns. The faces are
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
        System.out.printf(Locale.ROOT, "single-face upsert (searchable, commit deferred): %s%n", Latency.of(millis));
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

    /** Probe vectors, the exact top 10 for each and, for probes made from a stored face, that face's position. */
    private record Probes(String name, List<float[]> vectors, List<Integer> sources, List<Set<Integer>> truth) {

        static Probes near(ExactSearch exact, Random random, int count, String name,
                UnaryOperator<float[]> probeOf) {
            List<float[]> vectors = new ArrayList<>();
            List<Integer> sources = new ArrayList<>();
            for (int q = 0; q < count; q++) {
                int source = random.nextInt(exact.size());
                sources.add(source);
                vectors.add(probeOf.apply(exact.vector(source)));
            }
            return new Probes(name, vectors, sources, truth(exact, vectors));
        }

        static Probes random(ExactSearch exact, Random random, int count) {
            List<float[]> vectors = new ArrayList<>();
            for (int q = 0; q < count; q++) {
                vectors.add(UnitVectors.random(random, DIMENSION));
            }
            return new Probes("random", vectors, List.of(), truth(exact, vectors));
        }

        private static List<Set<Integer>> truth(ExactSearch exact, List<float[]> vectors) {
            return vectors.parallelStream().map(query -> exact.topK(query, K)).toList();
        }

        void printCosines(ExactSearch exact) {
            if (sources.isEmpty()) {
                return;
            }
            double[] cosines = IntStream.range(0, vectors.size())
                    .mapToDouble(q -> UnitVectors.dot(vectors.get(q), exact.vector(sources.get(q)))).toArray();
            System.out.printf(Locale.ROOT, "%s probes: cosine to the enrolled face %.3f to %.3f%n", name,
                    Arrays.stream(cosines).min().orElse(0), Arrays.stream(cosines).max().orElse(0));
        }
    }

    /** {@code enrolledFirst} is -1 for probes made from no stored face. */
    private record Measured(Latency latency, double recall, int enrolledFirst, int probes) {

        @Override
        public String toString() {
            String first = enrolledFirst < 0 ? "" : String.format(Locale.ROOT, ", enrolled face first %d/%d (%.1f %%)",
                    enrolledFirst, probes, 100.0 * enrolledFirst / probes);
            return String.format(Locale.ROOT, "%s, recall@10 %.3f%s", latency, recall, first);
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
