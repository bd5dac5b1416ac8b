package io.ferry.tunnel.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferry.model.MetricNames;
import io.ferry.tunnel.proxy.ClientDeclaration;
import io.ferry.tunnel.proxy.DeclaredTarget;
import io.ferry.tunnel.proxy.Fqdn;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fuzzes what a poll declares, the header readers of {@link ClientDeclaration} and the body's
 * {@link Fqdn#check}: each returns or throws {@link IllegalArgumentException} with a message; labels
 * read have valid names not starting with {@code __}; targets read, written back as the header,
 * read back equal. Without {@code JAZZER_FUZZ} this replays the committed inputs;
 * {@code bench/fuzz.sh declaration SECONDS} fuzzes it (docs/fuzzing.md).
 */
class ClientDeclarationFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        try {
            Map<String, String> labels = ClientDeclaration.labels(text);
            for (String name : labels.keySet()) {
                if (!MetricNames.isValidLabelName(name) || name.startsWith("__")) {
                    throw new AssertionError("a label name that is not allowed: " + name);
                }
            }
        } catch (IllegalArgumentException e) {
            requireMessage(e);
        }
        try {
            List<DeclaredTarget> targets = ClientDeclaration.targets(text);
            String header = targets.stream().map(DeclaredTarget::toString).collect(Collectors.joining(", "));
            if (!ClientDeclaration.targets(header).equals(targets)) {
                throw new AssertionError("targets " + targets + " read back differently from " + header);
            }
        } catch (IllegalArgumentException e) {
            requireMessage(e);
        }
        try {
            String fqdn = Fqdn.check(text);
            if (!Fqdn.check(fqdn).equals(fqdn)) {
                throw new AssertionError("fqdn " + fqdn + " changed when checked again");
            }
        } catch (IllegalArgumentException e) {
            requireMessage(e);
        }
    }

    private static void requireMessage(IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isEmpty()) {
            throw new AssertionError("an error without a reason", e);
        }
    }
}
