package io.ferry.cli;

import io.ferry.http.ClientTls;
import io.ferry.cli.gateway.Credentials;
import io.ferry.cli.gateway.GatewayClient;
import io.ferry.cli.gateway.GatewayUrl;
import io.ferry.cli.gateway.GroupingPath;
import io.ferry.http.PemException;
import io.ferry.cli.gateway.RetryPolicy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags {@code ferry push} and {@code ferry run} share: where the gateway is, which group,
 * credentials, TLS and retries. {@link #resolve} checks them together and turns a bad combination
 * into a usage error that names the flag; secrets never appear in a message.
 */
final class GatewayOptions {
    static final String TOKEN_ENV = "FERRY_TOKEN";
    static final String PASSWORD_ENV = "FERRY_PASSWORD";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--gateway", required = true, paramLabel = "URL",
            description = "Base URL of the Pushgateway or Ferry: http:// or https://, host, port and the route prefix "
                    + "if any, e.g. http://localhost:9091 or https://push.example.org/pg.")
    String gateway;

    @Option(names = "--job", required = true, paramLabel = "JOB", description = "The job label of the group.")
    String job;

    @Option(names = "--instance", paramLabel = "INSTANCE",
            description = "The instance label of the group (same as --label instance=INSTANCE).")
    String instance;

    @Option(names = "--label", paramLabel = "NAME=VALUE",
            description = "A further grouping label; repeatable. Values may hold anything: '/' and empty values are "
                    + "sent base64-encoded as the Pushgateway requires.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token to send. Visible to other users in the process list: prefer --token-file or "
                    + "the environment variable " + TOKEN_ENV + ".")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose content (trailing whitespace removed) is the bearer token.")
    Path tokenFile;

    @Option(names = "--user", paramLabel = "NAME[:PASSWORD]",
            description = "Basic auth, as a Pushgateway behind --web.config.file asks. Without ':PASSWORD' the password "
                    + "comes from --password-file or the environment variable " + PASSWORD_ENV + ".")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose content (trailing whitespace removed) is the basic auth password.")
    Path passwordFile;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = "PEM file of the CA certificates to trust for https, instead of the JDK's roots.")
    Path caFile;

    @Option(names = "--cert-file", paramLabel = "FILE",
            description = "PEM client certificate (chain) for mutual TLS; needs --key-file.")
    Path certFile;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "PEM private key of --cert-file (PKCS#8 or PKCS#1, unencrypted).")
    Path keyFile;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "5",
            description = "Attempts after the first when the gateway cannot be reached or answers 5xx or 429 "
                    + "(default: ${DEFAULT-VALUE}). Other answers are never retried.")
    int retries;

    @Option(names = "--retry-max-time", paramLabel = "DURATION", defaultValue = "60s",
            converter = Converters.GoDurationConverter.class,
            description = "No attempt starts later than this after the first (default: ${DEFAULT-VALUE}). Waits double "
                    + "from 0.5s up to 15s, with jitter, or follow Retry-After.")
    Duration retryMaxTime;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.GoDurationConverter.class,
            description = "Time one attempt may take, connecting included (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The checked flags: where to send, and a client configured to send there. */
    record Resolved(GatewayUrl gateway, GroupingPath group, Credentials credentials, SSLContext tls, RetryPolicy policy) {
        GatewayClient client(PrintWriter err, String prefix) {
            return GatewayClient.create(credentials, tls, policy, notice -> {
                err.println(prefix + notice);
                err.flush();
            });
        }
    }

    /** Checks every flag, reading the environment for credentials; throws a usage error naming the flag. */
    Resolved resolve(Map<String, String> env) {
        GatewayUrl url;
        try {
            url = GatewayUrl.parse(gateway);
        } catch (IllegalArgumentException e) {
            throw usage("--gateway: " + e.getMessage());
        }
        GroupingPath group;
        try {
            group = GroupingPath.of(job, groupingLabels());
        } catch (IllegalArgumentException e) {
            throw usage("grouping key: " + e.getMessage());
        }
        RetryPolicy policy;
        try {
            policy = new RetryPolicy(retries, retryMaxTime, timeout);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        SSLContext tls = null;
        if (caFile != null || certFile != null || keyFile != null) {
            if (!url.isHttps()) {
                throw usage("--ca-file, --cert-file and --key-file need an https:// gateway");
            }
            try {
                tls = ClientTls.context(caFile, certFile, keyFile);
            } catch (PemException e) {
                throw usage(e.getMessage());
            }
        }
        return new Resolved(url, group, credentials(env), tls, policy);
    }

    Map<String, String> groupingLabels() {
        Map<String, String> result = new LinkedHashMap<>();
        if (instance != null) {
            result.put("instance", instance);
        }
        for (String pair : labels) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw usage("--label: expected NAME=VALUE, got \"" + pair + "\"");
            }
            String name = pair.substring(0, eq);
            if (result.containsKey(name)) {
                throw usage("--label: " + name + " is given twice" + (name.equals("instance") ? " (once by --instance)" : ""));
            }
            result.put(name, pair.substring(eq + 1));
        }
        return result;
    }

    /** At most one kind: bearer by flag, file or environment (in that order), or basic. */
    Credentials credentials(Map<String, String> env) {
        if (token != null && tokenFile != null) {
            throw usage("give --token or --token-file, not both");
        }
        boolean bearer = token != null || tokenFile != null;
        if (bearer && user != null) {
            throw usage("give a bearer token or --user, not both");
        }
        try {
            if (token != null) {
                return new Credentials.Bearer(token);
            }
            if (tokenFile != null) {
                return new Credentials.Bearer(readSecret(tokenFile, "--token-file"));
            }
            if (user != null) {
                int colon = user.indexOf(':');
                if (colon >= 0) {
                    if (passwordFile != null) {
                        throw usage("--user already holds a password; drop --password-file");
                    }
                    return new Credentials.Basic(user.substring(0, colon), user.substring(colon + 1));
                }
                String password = passwordFile != null ? readSecret(passwordFile, "--password-file") : env.get(PASSWORD_ENV);
                if (password == null) {
                    throw usage("--user " + user + " needs a password: NAME:PASSWORD, --password-file or " + PASSWORD_ENV);
                }
                return new Credentials.Basic(user, password);
            }
            if (passwordFile != null) {
                throw usage("--password-file needs --user");
            }
            String fromEnv = env.get(TOKEN_ENV);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return new Credentials.Bearer(fromEnv.strip());
            }
            return Credentials.NONE;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private String readSecret(Path file, String flag) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            throw usage(flag + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
