package io.ferry.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code auth:} section and {@code web.config_file}: tokens, their files, scopes, and errors with lines. */
class AuthSectionTest {
    @TempDir
    Path dir;

    private FerryConfig load(String yaml) throws Exception {
        Path file = dir.resolve("ferry.yml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }

    private void fails(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("ferry.yml") + ":" + message);
    }

    @Test
    void noAuthSectionMeansNoTokensAndNoWebConfigFile() throws Exception {
        assertThat(load("web: {listen_address: ':9091'}\n").auth()).isEqualTo(AuthConfig.DEFAULTS);
    }

    @Test
    void readsTheContractShapeWithATokenFileRelativeToTheConfigFile() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/backup.token"), "s3cret-backup\n");
        AuthConfig auth = load("""
                auth:
                  tokens:
                    - name: backup-writer
                      token_file: secrets/backup.token
                      jobs: ["backup", "backup-*"]
                      actions: [push, delete]
                    - name: reader
                      token: s3cret-reader
                      actions: [read]
                  read: token
                """).auth();
        assertThat(auth.read()).contains(AuthConfig.ReadAccess.TOKEN);
        AuthToken backup = auth.tokens().getFirst();
        assertThat(backup.name()).isEqualTo("backup-writer");
        assertThat(backup.secret().matches("s3cret-backup")).isTrue();
        assertThat(backup.secret().matches("s3cret-backup\n")).isFalse();
        assertThat(backup.actions()).isEqualTo(Set.of(AuthAction.PUSH, AuthAction.DELETE));
        assertThat(backup.allows(AuthAction.PUSH, "backup")).isTrue();
        assertThat(backup.allows(AuthAction.DELETE, "backup-db")).isTrue();
        assertThat(backup.allows(AuthAction.PUSH, "etl")).isFalse();
        assertThat(backup.allows(AuthAction.READ, "backup")).isFalse();
        assertThat(auth.tokens().get(1).allows(AuthAction.READ, "")).isTrue();
        assertThat(auth.tokens().get(1).jobs()).isEmpty();
    }

    @Test
    void secretsNeverShowInToString() throws Exception {
        FerryConfig c = load("auth:\n  tokens:\n    - {name: a, token: very-secret-value, jobs: ['*'], actions: [push]}\n");
        assertThat(c.toString()).doesNotContain("very-secret-value").contains("<secret>");
    }

    @Test
    void whitespaceAroundATokenFilesSecretIsStripped() throws Exception {
        Files.writeString(dir.resolve("t"), " abc \r\n\n");
        AuthConfig auth = load("auth:\n  tokens:\n    - {name: a, token_file: t, actions: [admin]}\n").auth();
        assertThat(auth.tokens().getFirst().secret().matches("abc")).isTrue();
    }

    /** A client's header value is read without edge whitespace: such a token could never be presented. */
    @Test
    void anInlineTokenWithWhitespaceAtAnEndIsRefused() {
        fails("auth:\n  tokens:\n    - name: a\n      token: \" abc\"\n      actions: [read]\n",
                "4: auth.tokens[0].token: must not start or end with whitespace");
    }

    @Test
    void aMissingOrEmptyTokenFileIsAnErrorNamingTheKeyAndLine() throws Exception {
        fails("auth:\n  tokens:\n    - name: a\n      token_file: nope.token\n      actions: [admin]\n",
                "4: auth.tokens[0].token_file: file " + dir.resolve("nope.token") + " does not exist");
        Files.writeString(dir.resolve("empty.token"), "\n");
        fails("auth:\n  tokens:\n    - name: a\n      token_file: empty.token\n      actions: [admin]\n",
                "4: auth.tokens[0].token_file: file " + dir.resolve("empty.token") + " is empty");
    }

    @Test
    void tokenEntriesAreChecked() {
        fails("auth:\n  tokens:\n    - token: x\n      actions: [read]\n", "3: auth.tokens[0].name: is required");
        fails("auth:\n  tokens:\n    - name: a\n      actions: [read]\n",
                "3: auth.tokens[0].token: give one of token and token_file");
        fails("auth:\n  tokens:\n    - name: a\n      token: x\n      token_file: f\n      actions: [read]\n",
                "5: auth.tokens[0].token_file: give exactly one of token and token_file, not both");
        fails("auth:\n  tokens:\n    - name: a\n      token: x\n      actions: [push, wipe]\n      jobs: ['*']\n",
                "5: auth.tokens[0].actions: unknown action \"wipe\" (allowed: push, delete, read, admin, tunnel, otlp)");
        fails("auth:\n  tokens:\n    - name: a\n      token: x\n", "3: auth.tokens[0].actions: is required: one or more of push, delete, read, admin, tunnel, otlp");
        fails("auth:\n  tokens:\n    - name: a\n      token: x\n      actions: [push]\n",
                "3: auth.tokens[0].jobs: is required for push and delete: the job patterns the token may write (\"*\" for every job)");
        fails("auth:\n  tokens:\n    - name: a\n      token: x\n      actions: [read]\n      jobs: [a]\n",
                "6: auth.tokens[0].jobs: applies only to push and delete, which this token does not have");
        fails("auth:\n  tokens:\n    - name: a\n      token: x\n      jobs: ['']\n      actions: [push]\n",
                "5: auth.tokens[0].jobs: a job pattern must not be empty (\"*\" matches every job)");
        fails("auth:\n  tokens:\n    - name: a\n      tokn: x\n",
                "4: unknown key \"tokn\" in auth.tokens[0] (allowed: name, token, token_file, jobs, actions, fqdns, services)");
    }

    @Test
    void namesAndSecretsMustBeUniqueAndTheSecretIsNotEchoed() {
        fails("auth:\n  tokens:\n    - {name: a, token: x1, actions: [read]}\n    - {name: a, token: x2, actions: [read]}\n",
                "3: auth.tokens: two tokens are named \"a\"");
        assertThatThrownBy(() -> load(
                "auth:\n  tokens:\n    - {name: a, token: same-secret, actions: [read]}\n    - {name: b, token: same-secret, actions: [admin]}\n"))
                .hasMessageContaining("tokens \"a\" and \"b\" have the same secret")
                .hasMessageNotContaining("same-secret");
    }

    @Test
    void readMustBeOpenOrTokenAndTokenNeedsTokens() {
        fails("auth:\n  read: closed\n", "2: auth.read: must be open or token, got \"closed\"");
        fails("auth:\n  read: token\n", "2: auth.read: \"token\" needs at least one entry in auth.tokens");
    }

    @Test
    void webConfigFileIsResolvedAgainstTheConfigFilesDirectory() throws Exception {
        assertThat(load("web:\n  config_file: web.yml\n").auth().webConfigFile()).contains(dir.resolve("web.yml"));
        assertThat(load("web:\n  config_file: /etc/ferry/web.yml\n").auth().webConfigFile())
                .isEqualTo(Optional.of(Path.of("/etc/ferry/web.yml")));
        fails("web:\n  config_file: ''\n", "2: web.config_file: must not be empty");
    }

    @Test
    void jobGlobsMatchWholeNames() {
        JobGlob g = JobGlob.parse("backup-*");
        assertThat(List.of("backup-", "backup-db", "backup-a-b")).allMatch(g::matches);
        assertThat(List.of("backup", "xbackup-db", "")).noneMatch(g::matches);
        assertThat(JobGlob.parse("*").matches("")).isTrue();
        assertThat(JobGlob.parse("a*b*c").matches("aXbYbZc")).isTrue();
        assertThat(JobGlob.parse("a*b*c").matches("aXbYcZ")).isFalse();
        assertThat(JobGlob.parse("backup").matches("backup-db")).isFalse();
        assertThat(JobGlob.parse("a?c").matches("abc")).as("? is literal").isFalse();
    }

    @Test
    void tunnelTokensNeedFqdnPatterns() throws Exception {
        assertThatThrownBy(() -> load("auth:\n  tokens:\n    - {name: a, token: x, actions: [tunnel]}\n"))
                .hasMessageContaining("ferry.yml:3: auth.tokens[0].fqdns: is required for tunnel");
        assertThatThrownBy(() -> load("auth:\n  tokens:\n    - {name: a, token: x, actions: [read], fqdns: [a]}\n"))
                .hasMessageContaining("auth.tokens[0].fqdns: applies only to tunnel");
        AuthToken t = load("auth:\n  tokens:\n    - {name: a, token: x, actions: [tunnel], fqdns: ['*.site-a']}\n")
                .auth().tokens().getFirst();
        assertThat(t.allows(AuthAction.TUNNEL, "db.site-a")).isTrue();
        assertThat(t.allows(AuthAction.TUNNEL, "site-b")).isFalse();
        assertThat(t.allows(AuthAction.PUSH, "db.site-a")).isFalse();
    }

    @Test
    void otlpTokensNeedServicePatterns() throws Exception {
        assertThatThrownBy(() -> load("auth:\n  tokens:\n    - {name: a, token: x, actions: [otlp]}\n"))
                .hasMessageContaining("ferry.yml:3: auth.tokens[0].services: is required for otlp");
        assertThatThrownBy(() -> load("auth:\n  tokens:\n    - {name: a, token: x, actions: [read], services: [a]}\n"))
                .hasMessageContaining("auth.tokens[0].services: applies only to otlp");
        AuthToken t = load("auth:\n  tokens:\n    - {name: a, token: x, actions: [otlp], services: ['checkout-*']}\n")
                .auth().tokens().getFirst();
        assertThat(t.allows(AuthAction.OTLP, "checkout-api")).isTrue();
        assertThat(t.allows(AuthAction.OTLP, "cart")).isFalse();
        assertThat(t.allows(AuthAction.PUSH, "checkout-api")).isFalse();
    }
}
