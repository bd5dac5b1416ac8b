package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/ferry}, the launcher, in a copy of the checkout that holds only {@code bin/} and the
 * jar failsafe built, so that its ahead-of-time cache and install link stay out of the real one.
 */
class LauncherIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path checkout;
    @TempDir
    Path home;

    private Path launcher() throws IOException {
        Path jar = Path.of(System.getProperty("ferry.jar"));
        Path source = jar.toAbsolutePath().getParent().getParent().getParent().resolve("bin");
        Files.createDirectories(checkout.resolve("bin/lib"));
        Files.createDirectories(checkout.resolve("ferry/target"));
        for (String file : new String[] {"ferry", "lib/java.sh", "lib/jvm.sh", "lib/aot-train.sh"}) {
            Files.copy(source.resolve(file), checkout.resolve("bin").resolve(file));
        }
        Files.copy(jar, checkout.resolve("ferry/target/ferry.jar"));
        return checkout.resolve("bin/ferry");
    }

    private ChildProcess.Builder command(String... args) {
        return withJavaOpts("", args);
    }

    /** {@code bin/ferry args} with {@code javaOpts} in {@code FERRY_JAVA_OPTS}. */
    private ChildProcess.Builder withJavaOpts(String javaOpts, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = checkout.resolve("bin/ferry").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return ChildProcess.builder(command).directory(home).env(Map.of("JAVA_HOME", System.getProperty("java.home"),
                "HOME", home.toString(), "FERRY_JAVA_OPTS", javaOpts));
    }

    /** Serves until it is listening, then stops it with SIGTERM: exit 0, nothing on stdout. */
    private void serveAndStop(String javaOpts) throws Exception {
        try (ChildProcess ferry = withJavaOpts(javaOpts, "serve", "--web.listen-address=127.0.0.1:0",
                "--storage.path=" + home.resolve("data"), "--statsd.listen-udp=", "--statsd.listen-tcp=",
                "--otlp.http-listen-address=", "--otlp.grpc-listen-address=").start()) {
            FerryJar.awaitListening(ferry, WAIT);
            ferry.signal("TERM");
            assertThat(ferry.awaitExit(WAIT)).isTrue();
            assertThat(ferry.exitValue()).as(ferry.stderr()).isZero();
            assertThat(ferry.stdout()).as("FERRY_JAVA_OPTS=%s", javaOpts).isEmpty();
        }
    }

    @Test
    void installPutsFerryOnThePathAndItRunsFromThere() throws Exception {
        launcher();
        ChildProcess.Result install = command("install", "--prefix", home.resolve("prefix").toString()).start()
                .finish(WAIT);
        assertThat(install.exit()).as(install.stderr()).isZero();
        Path linked = home.resolve("prefix/bin/ferry");
        assertThat(Files.isSymbolicLink(linked)).isTrue();
        assertThat(install.stdout()).contains("is not on your PATH");

        ChildProcess.Result version = ChildProcess.builder(linked.toString(), "--version").directory(home)
                .env(Map.of("JAVA_HOME", System.getProperty("java.home"))).start().finish(WAIT);
        assertThat(version.exit()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("ferry, version ");
    }

    /** As cron or a service manager may run it, without {@code HOME}: a prefix given is enough, and none is a usage error. */
    @Test
    void installWithoutHomeNeedsThePrefixAndSaysSo() throws Exception {
        launcher();
        ChildProcess.Result given = ChildProcess.builder(checkout.resolve("bin/ferry").toString(), "install", "--prefix",
                        home.resolve("prefix").toString()).directory(home).withoutEnv("HOME")
                .env(Map.of("JAVA_HOME", System.getProperty("java.home"))).start().finish(WAIT);
        assertThat(given.exit()).as(given.stderr()).isZero();
        assertThat(Files.isSymbolicLink(home.resolve("prefix/bin/ferry"))).isTrue();

        ChildProcess.Result none = ChildProcess.builder(checkout.resolve("bin/ferry").toString(), "install")
                .directory(home).withoutEnv("HOME").env(Map.of("JAVA_HOME", System.getProperty("java.home")))
                .start().finish(WAIT);
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.stderr()).contains("bin/ferry install: HOME is not set; give --prefix DIR");
    }

    /**
     * The first serve after a build neither writes to stdout nor takes longer to stop: the cache is
     * recorded by a training run of its own, which the next serve then uses.
     */
    @Test
    void theAheadOfTimeCacheIsRecordedApartFromTheRunThatNeedsIt() throws Exception {
        launcher();
        Path cache = checkout.resolve("ferry/target/ferry.aot");
        for (int run = 1; run <= 2; run++) {
            serveAndStop("");
            if (run == 1) {
                // Bounded: the training run ends by itself or gives up; the lock goes when it ends.
                for (int i = 0; i < 1200 && Files.exists(checkout.resolve("ferry/target/ferry.aot.lock")); i++) {
                    Thread.sleep(100);
                }
                assertThat(Files.readString(checkout.resolve("ferry/target/ferry.aot.log"))).contains("aot-train: recorded ");
                assertThat(cache).isNotEmptyFile();
            }
        }
        // The cache, recorded with this machine's heap, serves a small one too: a container of
        // 1 GiB (as the JVM sees it) and a heap the user sets below the young generation's 128 MiB.
        serveAndStop("-XX:MaxRAM=1g");
        serveAndStop("-Xmx100m");
    }

    /**
     * Under a memory limit of 1 GiB (a child of this process's memory cgroup, as a container or a
     * service with {@code MemoryMax} has), the heap is a quarter of the limit rather than 11% of the
     * machine. Skipped, with the reason, where no memory cgroup can be made here.
     */
    @Test
    void aMemoryLimitOfOneGibGivesAQuarterOfIt() throws Exception {
        launcher();
        Path cgroup = childMemoryCgroup(1L << 30);
        try {
            ChildProcess.Result version = ChildProcess.builder("/bin/sh", "-c",
                            "echo $$ > '" + cgroup.resolve("cgroup.procs") + "' && exec '" + checkout.resolve("bin/ferry") + "' --version")
                    .directory(home).env(Map.of("JAVA_HOME", System.getProperty("java.home"), "HOME", home.toString()))
                    .start().finish(WAIT);
            assertThat(version.exit()).as(version.stderr()).isZero();
            // 256 MiB less a survivor space, as the JVM counts its usable heap.
            Matcher heap = Pattern.compile("max heap (\\d+) MiB").matcher(version.stdout());
            assertThat(heap.find()).as(version.stdout()).isTrue();
            assertThat(Integer.parseInt(heap.group(1))).isBetween(200, 256);
        } finally {
            Files.deleteIfExists(cgroup);
        }
    }

    /** A new memory cgroup (v1, or v2 where its controller is delegated) under this process's own, limited to {@code bytes}. */
    private static Path childMemoryCgroup(long bytes) throws IOException {
        String why = "no memory cgroup of this process found";
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] f = line.split(":", 3);
            boolean v1 = Arrays.asList(f[1].split(",")).contains("memory");
            if (!v1 && !f[1].isEmpty()) {
                continue;
            }
            Path parent = Path.of(v1 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup", f[2].substring(1));
            Path child = parent.resolve("ferry-launcher-it-" + ProcessHandle.current().pid());
            try {
                Files.createDirectories(child);
                Files.writeString(child.resolve(v1 ? "memory.limit_in_bytes" : "memory.max"), Long.toString(bytes));
                return child;
            } catch (IOException | UnsupportedOperationException e) {
                why = "cannot make a memory cgroup under " + parent + ": " + e;
                try {
                    Files.deleteIfExists(child);
                } catch (IOException ignored) {
                    // not made
                }
            }
        }
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    /**
     * A jar the launcher has just built gets its cache before anything runs, so the first run after
     * a build starts with it; what the launcher says about it goes to stderr, never stdout. The
     * build is a stand-in ./mvnw that puts the jar failsafe built in place.
     */
    @Test
    void theFirstRunAfterABuildHasTheAheadOfTimeCache() throws Exception {
        launcher();
        Path jar = checkout.resolve("ferry/target/ferry.jar");
        Path built = checkout.resolve("built.jar");
        Files.move(jar, built);
        Path mvnw = checkout.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\ncp \"" + built + "\" \"" + jar + "\"\n");
        mvnw.toFile().setExecutable(true);

        ChildProcess.Result version = command("--version").start().finish(Duration.ofMinutes(5));
        assertThat(version.exit()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("ferry, version ").contains("jvm: ");
        assertThat(version.stderr()).contains("bin/ferry: recorded the start-up cache in ");
        assertThat(checkout.resolve("ferry/target/ferry.aot")).isNotEmptyFile();
        assertThat(checkout.resolve("ferry/target/ferry.aot.lock")).doesNotExist();
    }
}
