package dev.visage.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real local PostgreSQL and Redis, driven through the project's own scripts ({@code deploy/local/*.sh
 * start|stop|status}): the outage tests stop the real process and start it again. Whatever happens in a test,
 * {@link #ensureRunning()} is called afterwards, so the other modules' tests find both running.
 */
public final class LocalInfra {

    public enum Service { REDIS("redis"), POSTGRES("postgres");

        private final String script;

        Service(String script) {
            this.script = script;
        }
    }

    private LocalInfra() {
    }

    public static Path repo() {
        Path dir = Path.of(System.getProperty("visage.repo.dir", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("deploy/local/redis.sh"))) {
            throw new IllegalStateException("deploy/local/redis.sh not found under " + dir);
        }
        return dir;
    }

    public static void stop(Service s) {
        run(s, "stop");
    }

    public static void start(Service s) {
        run(s, "start");
    }

    public static boolean running(Service s) {
        return script(s, "status") == 0;
    }

    /** Starts whichever of PostgreSQL and Redis is not running (the scripts' start is idempotent). */
    public static void ensureRunning() {
        for (Service s : Service.values()) {
            if (!running(s)) {
                start(s);
            }
        }
    }

    private static void run(Service s, String action) {
        int rc = script(s, action);
        if (rc != 0) {
            throw new IllegalStateException("deploy/local/" + s.script + ".sh " + action + " exited with " + rc
                    + "; see target/" + s.script + "-script.log");
        }
    }

    private static int script(Service s, String action) {
        try {
            Path log = Path.of("target", s.script + "-script.log");
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ deploy/local/" + s.script + ".sh " + action + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process p = new ProcessBuilder("bash", repo().resolve("deploy/local/" + s.script + ".sh").toString(), action)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("deploy/local/" + s.script + ".sh " + action + " hung");
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
