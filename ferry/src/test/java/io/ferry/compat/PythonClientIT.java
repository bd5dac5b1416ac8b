package io.ferry.compat;

import io.ferry.server.FerryServer;
import io.ferry.testing.ExternalTool;
import io.ferry.testing.PythonClient;
import io.ferry.testing.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python's prometheus_client (Debian's python3-prometheus-client) pushes to Ferry with
 * {@code push_to_gateway}, {@code pushadd_to_gateway} and {@code delete_from_gateway}; the script is
 * {@code src/test/resources/io/ferry/compat/python_client.py}. Its grouping key has a value with
 * {@code /} and an empty value, which the client sends base64-encoded.
 */
class PythonClientIT {
    /** The series labels of the script's group: its grouping key, names sorted, plus the job. */
    private static final String GROUP = "instance=\"host-1\",job=\"py-batch\",path=\"/var/tmp\",shard=\"\"";

    @TempDir
    Path storage;

    @Test
    void pushPushAddAndDelete() throws Exception {
        PythonClient.requireAvailable();
        Path script = Path.of(PythonClientIT.class.getResource("python_client.py").toURI());
        try (FerryServer ferry = Servers.ferry(storage)) {
            String gateway = "127.0.0.1:" + ferry.port();

            run(script, gateway, "push");
            String afterPush = TestHttp.local(ferry.port()).metrics();
            ClientWorkload.assertPushed(afterPush, "py_", GROUP);
            assertThat(afterPush).doesNotContain("py_extra");

            run(script, gateway, "pushadd");
            String afterPushAdd = TestHttp.local(ferry.port()).metrics();
            ClientWorkload.assertPushAddKeptTheRest(afterPushAdd, "py_", GROUP);
            assertThat(afterPushAdd)
                    .contains("py_extra{instance=\"host-1\",job=\"py-batch\",kind=\"a/b\",path=\"/var/tmp\",shard=\"\"} 1\n")
                    .doesNotContain("py_queue_depth{" + GROUP + "} 5\n");

            run(script, gateway, "delete");
            String afterDelete = TestHttp.local(ferry.port()).metrics();
            assertThat(afterDelete).doesNotContain("py_").doesNotContain("push_time_seconds{");
        }
    }

    private static void run(Path script, String gateway, String step) throws Exception {
        ExternalTool.Result r = PythonClient.run(script, gateway, step);
        assertThat(r.exitCode()).as("python_client.py %s:\n%s", step, r.output()).isZero();
        assertThat(r.output()).contains("done " + step);
    }
}
