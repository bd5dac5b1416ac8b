package io.ferry.server.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bcrypt hashes made by other tools verify: libxcrypt's (through Python's {@code crypt}, the same
 * salt and password in each revision) and exporter-toolkit's own test user.
 */
class BasicAuthUsersTest {
    /** {@code crypt.crypt("ferry-secret", "$2?$05$abcdefghijklmnopqrstuv")} with libxcrypt 4.4. */
    private static final String TAIL = "$05$abcdefghijklmnopqrstuuIJO4uexVzOLFj7IfFw2lqjkqp1Xu8ka";
    /** exporter-toolkit web/testdata/web_config_users_noTLS.good.yml: alice, password alice123. */
    private static final String TOOLKIT_ALICE = "$2y$12$1DpfPeqF9HzHJt.EWswy1exHluGfbhnn3yXhR7Xes6m3WJqFg0Wby";

    private static boolean check(String password, String hash) {
        return BasicAuthUsers.verifyHash(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void everyRevisionVerifies() {
        for (String revision : new String[]{"$2a", "$2b", "$2y"}) {
            assertThat(check("ferry-secret", revision + TAIL)).as(revision).isTrue();
            assertThat(check("ferry-secreT", revision + TAIL)).as(revision).isFalse();
        }
    }

    @Test
    void exporterToolkitsTestUser() {
        BasicAuthUsers users = new BasicAuthUsers(Map.of("alice", TOOLKIT_ALICE));
        assertThat(users.verify("alice", "alice123")).isTrue();
        assertThat(users.cached("alice", "alice123")).isTrue();
        assertThat(users.verify("alice", "alice1234")).isFalse();
        assertThat(users.verify("bob", "alice123")).isFalse();
        // CVE-2022-46146: a user name with a hash glued on must not hit the cache of another.
        assertThat(users.verify("alice" + TOOLKIT_ALICE, "fakepassword")).isFalse();
    }

    @Test
    void overlongPasswordsAreRefused() {
        assertThat(check("x".repeat(73), "$2b" + TAIL)).isFalse();
    }
}
