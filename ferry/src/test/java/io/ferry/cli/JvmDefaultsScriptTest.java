package io.ferry.cli;

import io.ferry.testing.ChildProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/lib/jvm.sh}, the JVM options {@code bin/ferry} chooses, for machines of every size and
 * the options a user may add. {@link LauncherIT} starts Ferry with them.
 */
class JvmDefaultsScriptTest {
    /** First always: a JVM out of memory exits, for its supervisor to restart it. */
    private static final String EXIT = "-XX:+ExitOnOutOfMemoryError";
    private static final Path SCRIPT = Path.of(System.getProperty("basedir", ".")).resolve("../bin/lib/jvm.sh");
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** What {@code ferry_jvm_defaults MEMORY OPTIONS...} prints, a line each; {@code memory} null: unknown. */
    private static List<String> defaults(Long memory, String... options) throws Exception {
        return bash("ferry_jvm_defaults \"$@\"", memory == null ? "" : Long.toString(memory), options);
    }

    private static List<String> bash(String call, String first, String... rest) throws Exception {
        String[] command = new String[5 + rest.length];
        command[0] = "/bin/bash";
        command[1] = "-c";
        command[2] = ". \"" + SCRIPT.toAbsolutePath() + "\" && " + call;
        command[3] = "jvm.sh";
        command[4] = first;
        System.arraycopy(rest, 0, command, 5, rest.length);
        ChildProcess.Result r = ChildProcess.builder(command).start().finish(Duration.ofSeconds(30));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        return r.stdout().lines().toList();
    }

    @Test
    void aLargeMachineGetsElevenPercentAndAYoungGenerationOf128MiB() throws Exception {
        assertThat(defaults(24 * GIB))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=11", "-XX:MaxNewSize=128m");
    }

    @Test
    void aSmallMachineGetsAQuarterUpTo512MiBAndAYoungGenerationOfAThirdOfTheHeap() throws Exception {
        // A quarter of 1 GiB is 256 MiB, whose third is 85 MiB; before, 11% (the JVM made it 126 MiB)
        // under a young generation of 128 MiB left the old generation nothing, and the JVM refused
        // its start-up cache and did not start.
        assertThat(defaults(GIB))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=25", "-XX:MaxNewSize=85m");
        assertThat(defaults(512 * MIB))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=25", "-XX:MaxNewSize=42m");
        // 3 GiB: 11% is 338 MiB, under 512; 17% is the least share that reaches it.
        assertThat(defaults(3 * GIB))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=17", "-XX:MaxNewSize=128m");
        // From about 4.65 GiB, 11% is over 512 MiB.
        assertThat(defaults(5 * GIB))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=11", "-XX:MaxNewSize=128m");
    }

    @Test
    void memoryThatCannotBeReadLeavesTheYoungGenerationToTheJvm() throws Exception {
        assertThat(defaults(null)).containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=11");
    }

    @Test
    void whatTheUserSetsIsLeftOutAndTheRestFollowsIt() throws Exception {
        assertThat(defaults(24 * GIB, "-Xmx100m")).containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxNewSize=33m");
        assertThat(defaults(24 * GIB, "-XX:MaxHeapSize=2g"))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxNewSize=128m");
        assertThat(defaults(24 * GIB, "-XX:MaxRAM=1g"))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=25", "-XX:MaxNewSize=85m");
        assertThat(defaults(GIB, "-XX:MaxRAMPercentage=60.0"))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxNewSize=128m");
        assertThat(defaults(24 * GIB, "-Xmn64m"))
                .containsExactly(EXIT, "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=11");
        assertThat(defaults(24 * GIB, "-XX:+UseG1GC", "-Xlog:gc")).containsExactly(EXIT, "-XX:MaxRAMPercentage=11");
    }

    @Test
    void sizesReadAsTheJvmReadsThem() throws Exception {
        assertThat(bash("for s in \"$@\"; do echo \"$s=$(ferry_bytes \"$s\")\"; done", "123", "64k", "512M", "1g", "2T", "x", "1.5g", ""))
                .containsExactly("123=123", "64k=65536", "512M=536870912", "1g=1073741824", "2T=2199023255552", "x=", "1.5g=", "=");
    }

    @Test
    void theMemoryReadHereIsThisMachinesOrLess() throws Exception {
        long read = Long.parseLong(bash("ferry_memory_bytes", "").getFirst());
        long machine = 0;
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                machine = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        assertThat(read).isPositive().isLessThanOrEqualTo(machine);
    }
}
