package io.ferry.push;

import io.ferry.model.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupingKeyTest {

    private static final String ALPHABET = " (allowed are A-Z, a-z, 0-9, '-' and '_')";

    private static Labels parsed(String path) throws GroupingKeyException {
        return GroupingKey.parse(path).labels();
    }

    private static void assertRefused(String path, String message) {
        assertThatThrownBy(() -> GroupingKey.parse(path))
                .isInstanceOf(GroupingKeyException.class)
                .hasMessage(message);
    }

    // Paths and values.

    @Test
    void readsTheJobAndLabelPairsSortedByName() throws Exception {
        GroupingKey k = GroupingKey.parse("/job/backup/instance/nas-01/env/prod");
        assertThat(k.labels()).isEqualTo(Labels.of("env", "prod", "instance", "nas-01", "job", "backup"));
        assertThat(k.job()).isEqualTo("backup");
        assertThat(k).hasToString("{env=\"prod\",instance=\"nas-01\",job=\"backup\"}");
    }

    @Test
    void aJobAloneOrWithATrailingSlashHasNoOtherLabels() throws Exception {
        assertThat(parsed("/job/backup")).isEqualTo(Labels.of("job", "backup"));
        assertThat(parsed("/job/backup/")).isEqualTo(Labels.of("job", "backup"));
        assertThat(parsed("/job@base64/YmFja3Vw/")).isEqualTo(Labels.of("job", "backup"));
    }

    @Test
    void addsNoInstanceLabel() throws Exception {
        GroupingKey jobOnly = GroupingKey.parse("/job/a");
        GroupingKey emptyInstance = GroupingKey.parse("/job/a/instance@base64/=");
        assertThat(jobOnly.labels().get("instance")).isNull();
        assertThat(emptyInstance.labels().get("instance")).isEmpty();
        assertThat(jobOnly).isNotEqualTo(emptyInstance);
    }

    @Test
    void readsABase64Job() throws Exception {
        assertThat(parsed("/job@base64/YmFja3Vw/path@base64/L3Zhci90bXA="))
                .isEqualTo(Labels.of("job", "backup", "path", "/var/tmp"));
        // The Pushgateway's handler test: padded job, unpadded instance.
        assertThat(parsed("/job@base64/dGVzdC9qb2I=/instance@base64/dGVzdGluc3RhbmNl"))
                .isEqualTo(Labels.of("job", "test/job", "instance", "testinstance"));
        assertThat(parsed("/job@base64/dGVzdC9qb2I")).isEqualTo(Labels.of("job", "test/job"));
    }

    @Test
    void readsThePushgatewaySplitLabelsCases() throws Exception {
        assertThat(parsed("/job/j/label_name1/label_value1/label_name2/label_value2"))
                .isEqualTo(Labels.of("job", "j", "label_name1", "label_value1", "label_name2", "label_value2"));
        assertThat(parsed("/job/j/label_name1@base64/bGFiZWwvdmFsdWUx/label_name2/label_value2"))
                .isEqualTo(Labels.of("job", "j", "label_name1", "label/value1", "label_name2", "label_value2"));
        assertThat(parsed("/job/j/label_name1/label_value1/label_name2@base64/bGFiZWwvdmFsdWUy"))
                .isEqualTo(Labels.of("job", "j", "label_name1", "label_value1", "label_name2", "label/value2"));
        assertThat(parsed("/job/j/label_name1/label_value1/label_name2@base64/bGFiZWwvdmFsdWUy=="))
                .isEqualTo(Labels.of("job", "j", "label_name1", "label_value1", "label_name2", "label/value2"));
    }

    @Test
    void readsTheReadmeExamples() throws Exception {
        assertThat(parsed("/job/directory_cleaner/path@base64/L3Zhci90bXA"))
                .isEqualTo(Labels.of("job", "directory_cleaner", "path", "/var/tmp"));
        assertThat(parsed("/job/example/first_label@base64/=/second_label/foobar"))
                .isEqualTo(Labels.of("job", "example", "first_label", "", "second_label", "foobar"));
        Labels titan = Labels.of("job", "titan", "name", "Προμηθεύς");
        assertThat(parsed("/job/titan/name/Προμηθεύς")).isEqualTo(titan);
        assertThat(parsed("/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C")).isEqualTo(titan);
    }

    @ParameterizedTest
    @ValueSource(strings = {"YWJj", "YWJj=", "YWJj==", "YWJj======"})
    void stripsAnyNumberOfTrailingEquals(String encoded) throws Exception {
        assertThat(parsed("/job/j/v@base64/" + encoded).get("v")).isEqualTo("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "==", "===", ""})
    void onlyEqualsOrNothingIsTheEmptyValue(String encoded) throws Exception {
        assertThat(parsed("/job/j/v@base64/" + encoded).get("v")).isEmpty();
    }

    @Test
    void decodesEveryLengthOfLastGroup() throws Exception {
        assertThat(parsed("/job/j/v@base64/YQ").get("v")).isEqualTo("a");
        assertThat(parsed("/job/j/v@base64/YWI").get("v")).isEqualTo("ab");
        assertThat(parsed("/job/j/v@base64/YWJjZA").get("v")).isEqualTo("abcd");
        // The two characters that differ from standard base64: "~~~" is "fn5-", "???" is "Pz8_".
        assertThat(parsed("/job/j/v@base64/fn5-Pz8_").get("v")).isEqualTo("~~~???");
    }

    @Test
    void acceptsWhatGosDecoderAccepts() throws Exception {
        // Unused low bits of the last group are ignored: "YR" decodes like "YQ".
        assertThat(parsed("/job/j/v@base64/YR").get("v")).isEqualTo("a");
        // Line breaks are skipped anywhere, also inside a group.
        assertThat(parsed("/job/j/v@base64/YW\nJj").get("v")).isEqualTo("abc");
        assertThat(GroupingKey.parse("/job@base64/\r\nYmFja3Vw\n").job()).isEqualTo("backup");
    }

    @Test
    void thePathJobWinsOverAJobPairAndALaterPairOverAnEarlierOne() throws Exception {
        assertThat(parsed("/job/a/job/b")).isEqualTo(Labels.of("job", "a"));
        assertThat(parsed("/job/a/job@base64/Yg/x/1")).isEqualTo(Labels.of("job", "a", "x", "1"));
        assertThat(parsed("/job/a/x/1/x@base64/Mg")).isEqualTo(Labels.of("job", "a", "x", "2"));
    }

    @Test
    void aTrailingSlashAfterANameGivesAnEmptyValue() throws Exception {
        assertThat(parsed("/job/a/name/")).isEqualTo(Labels.of("job", "a", "name", ""));
    }

    @Test
    void keepsALegacyEscapedUtf8NameLiterally() throws Exception {
        assertThat(parsed("/job/a/U__label_2e_name2/v")).isEqualTo(Labels.of("job", "a", "U__label_2e_name2", "v"));
    }

    @Test
    void plainValuesAreTakenAsTheyAreEvenWhenTheyLookEncoded() throws Exception {
        assertThat(parsed("/job/YmFja3Vw=/v/=/w/a@base64")).isEqualTo(
                Labels.of("job", "YmFja3Vw=", "v", "=", "w", "a@base64"));
        assertThat(parsed("/job/a b/v/%2F")).isEqualTo(Labels.of("job", "a b", "v", "%2F"));
    }

    // Errors, with the Pushgateway's exact texts.

    @ParameterizedTest
    @ValueSource(strings = {"/job", "/job/", "/job//", "/job//a/b", "/job@base64", "/job@base64/",
            "/job@base64/=", "/job@base64/==/", "/job@base64/=/a/b"})
    void refusesAMissingOrEmptyJob(String path) {
        assertRefused(path, "job name is required");
    }

    @Test
    void refusesAnOddNumberOfComponents() {
        assertRefused("/job/a/instance", "odd number of components in label string \"/instance\"");
        assertRefused("/job/a/b/c/d", "odd number of components in label string \"/b/c/d\"");
        // An unencoded slash in a value: the Pushgateway's "unencoded slash in label value".
        assertRefused("/job/j/label_name1/label_value1/label_name2/label/value2",
                "odd number of components in label string \"/label_name1/label_value1/label_name2/label/value2\"");
        assertRefused("/job/a/b/c/", "odd number of components in label string \"/b/c/\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/job/j/label_name1/label_value1/a=b/label_value2           | a=b",
        "/job/j/label_name1/label_value1/__label_name2/label_value2 | __label_name2",
        "/job/j/__x@base64/eA                                       | __x",
        "/job/j/0abc/v                                              | 0abc",
        "/job/j/a-b/v                                               | a-b",
        "/job/j/foo.bar/v                                           | foo.bar",
        "/job/j/a@base64@base64/v                                   | a@base64",
        "/job/j/A@BASE64/v                                          | A@BASE64",
    })
    void refusesAnImproperLabelName(String path, String name) {
        assertRefused(path.strip(), "improper label name \"" + name + "\"");
    }

    @Test
    void refusesAnEmptyLabelName() {
        assertRefused("/job/j//v", "improper label name \"\"");
        assertRefused("/job/j/@base64/eA", "improper label name \"\"");
        assertRefused("/job/j/a/1//", "improper label name \"\"");
    }

    @Test
    void refusesBadBase64InALabelValue() {
        assertRefused("/job/j/label_name1@base64/foo.bar/label_name2/label_value2",
                "invalid base64 encoding for label label_name1=\"foo.bar\": illegal character '.' at offset 3"
                        + ALPHABET);
        assertRefused("/job/j/v@base64/YW+j",
                "invalid base64 encoding for label v=\"YW+j\": illegal character '+' at offset 2 (standard base64;"
                        + " the URL-safe alphabet has '-' and '_' instead of '+' and '/')");
        assertRefused("/job/j/v@base64/YW=Jj",
                "invalid base64 encoding for label v=\"YW=Jj\": illegal character '=' at offset 2"
                        + " (padding may only come at the end)");
        assertRefused("/job/j/v@base64/YWJjZ",
                "invalid base64 encoding for label v=\"YWJjZ\": a single character left over at the end,"
                        + " too few for a byte (a last group has 2 or 3)");
        assertRefused("/job/j/v@base64/Z==", "invalid base64 encoding for label v=\"Z==\": a single character"
                + " left over at the end, too few for a byte (a last group has 2 or 3)");
        assertRefused("/job/j/v@base64/Προ", "invalid base64 encoding for label v=\"Προ\": illegal character"
                + " U+03A0 at offset 0" + ALPHABET);
        assertRefused("/job/j/v@base64/a b", "invalid base64 encoding for label v=\"a b\": illegal character"
                + " U+0020 at offset 1" + ALPHABET);
    }

    @Test
    void refusesBase64ThatDecodesToInvalidUtf8() {
        // "_w" is the single byte 0xff.
        assertRefused("/job/j/v@base64/_w",
                "invalid base64 encoding for label v=\"_w\": the decoded bytes are not valid UTF-8");
        assertRefused("/job@base64/_w", "invalid base64 encoding in job name \"\\xff\": the decoded bytes are not"
                + " valid UTF-8");
    }

    @Test
    void refusesBadBase64InTheJobNamingWhatWasDecodedBeforeTheError() {
        // As Go's decoder, the name is the bytes of the complete groups before the bad one.
        assertRefused("/job@base64/YWJj+", "invalid base64 encoding in job name \"abc\": illegal character '+'"
                + " at offset 4 (standard base64; the URL-safe alphabet has '-' and '_' instead of '+' and '/')");
        assertRefused("/job@base64/YWJjZGVm.Zg", "invalid base64 encoding in job name \"abcdef\": illegal"
                + " character '.' at offset 8" + ALPHABET);
        assertRefused("/job@base64/YW.j", "invalid base64 encoding in job name \"\": illegal character '.'"
                + " at offset 2" + ALPHABET);
        assertRefused("/job@base64/YWJjZ=", "invalid base64 encoding in job name \"abc\": a single character"
                + " left over at the end, too few for a byte (a last group has 2 or 3)");
        // Bytes 0xff 0x0f 0xff, then a bad character: quoted as Go's %q does.
        assertRefused("/job@base64/_w__*", "invalid base64 encoding in job name \"\\xff\\x0f\\xff\": illegal"
                + " character '*' at offset 4" + ALPHABET);
    }

    @Test
    void quotesNamesAndValuesAsGoDoes() {
        assertRefused("/job/j/v@base64/\"q\\", "invalid base64 encoding for label v=\"\\\"q\\\\\": illegal"
                + " character '\"' at offset 0" + ALPHABET);
        assertRefused("/job/j/v@base64/\u0001\t\u007f\u00a0\u00ad\u200bé€😀\u0007\u000b", "invalid base64"
                + " encoding for label v=\"\\x01\\t\\x7f\\u00a0\\u00ad\\u200bé€😀\\a\\v\": illegal character"
                + " U+0001 at offset 0" + ALPHABET);
        assertRefused("/job/j/é/v", "improper label name \"é\"");
        assertRefused("/job/j/a\nb", "odd number of components in label string \"/a\\nb\"");
        assertRefused("/job/j/\uD83D\uDE00\u0000/v", "improper label name \"😀\\x00\"");
    }

    @Test
    void checksInThePushgatewaysOrder() {
        // A bad base64 job is reported before anything in the labels.
        assertRefused("/job@base64/+/a", "invalid base64 encoding in job name \"\": illegal character '+' at"
                + " offset 0 (standard base64; the URL-safe alphabet has '-' and '_' instead of '+' and '/')");
        // The count of components before any name.
        assertRefused("/job/j/__a/b/c", "odd number of components in label string \"/__a/b/c\"");
        // Pairs in path order: a name before its value, the first bad pair wins.
        assertRefused("/job/j/a@base64/+/__b/c", "invalid base64 encoding for label a=\"+\": illegal character '+'"
                + " at offset 0 (standard base64; the URL-safe alphabet has '-' and '_' instead of '+' and '/')");
        assertRefused("/job/j/__b/c/a@base64/+", "improper label name \"__b\"");
        // An empty job only after the labels, and a job pair does not stand in for it.
        assertRefused("/job//a", "odd number of components in label string \"/a\"");
        assertRefused("/job//__a/b", "improper label name \"__a\"");
        assertRefused("/job@base64/=/job/x", "job name is required");
        // A job pair is decoded, and refused, although the path job would overwrite it.
        assertRefused("/job/a/job@base64/+", "invalid base64 encoding for label job=\"+\": illegal character '+'"
                + " at offset 0 (standard base64; the URL-safe alphabet has '-' and '_' instead of '+' and '/')");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "job/a", "/jobs/a", "/JOB/a", "/job@base32/a", "/foo/job/a"})
    void aPathThatIsNotAPushPathIsTheCallersMistake(String path) {
        assertThatThrownBy(() -> GroupingKey.parse(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a push path: ");
    }

    // Identity, construction and rendering.

    @Test
    void keysAreEqualWhateverTheEncoding() throws Exception {
        GroupingKey plain = GroupingKey.parse("/job/backup/instance/nas-01");
        GroupingKey encoded = GroupingKey.parse("/job@base64/YmFja3Vw=/instance@base64/bmFzLTAx");
        GroupingKey reordered = GroupingKey.parse("/job/backup/instance/x/instance/nas-01");
        assertThat(encoded).isEqualTo(plain).hasSameHashCodeAs(plain).hasToString("{instance=\"nas-01\",job=\"backup\"}");
        assertThat(reordered).isEqualTo(plain);
        assertThat(GroupingKey.parse("/job/backup/instance/nas-02")).isNotEqualTo(plain);
        assertThat(GroupingKey.of(Labels.of("instance", "nas-01", "job", "backup"))).isEqualTo(plain);
    }

    @Test
    void ofRefusesWhatParseWouldRefuse() {
        assertThatThrownBy(() -> GroupingKey.of(Labels.of("instance", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty job");
        assertThatThrownBy(() -> GroupingKey.of(Labels.of("job", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty job");
        assertThatThrownBy(() -> GroupingKey.of(Labels.of("job", "a", "__x", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("improper label name \"__x\"");
        assertThatThrownBy(() -> GroupingKey.of(Labels.of("job", "a", "a.b", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("improper label name \"a.b\"");
    }

    @Test
    void rendersPlainWhatIsSafeAndBase64TheRest() {
        assertThat(GroupingKey.of(Labels.of("job", "backup", "instance", "nas-01")).toPath())
                .isEqualTo("/job/backup/instance/nas-01");
        assertThat(GroupingKey.of(Labels.of("job", "/var/tmp", "a", "", "b", "x y", "c", ".", "d", "..",
                "e", "Προμηθεύς", "f", "a.b_c~d-e", "g", "=")).toPath())
                .isEqualTo("/job@base64/L3Zhci90bXA/a@base64/=/b@base64/eCB5/c@base64/Lg/d@base64/Li4"
                        + "/e@base64/zqDPgc6_zrzOt864zrXPjc-C/f/a.b_c~d-e/g@base64/PQ");
    }

    @Test
    void roundTripsRandomKeysWithOddValues() throws Exception {
        String[] pieces = {"", "/", "//", "=", "==", "@base64", ".", "..", "a", "Z9", "-", "_", "~", " ", "%",
            "%2F", "+", "?", "#", "&", "\n", "\r\n", "\t", "\u0000", "\u007f", "\"", "\\", "é", "Προμηθεύς",
            "日本", "😀", "\u00a0", "\u200b", "\uFFFD", "job", "..."};
        Random random = new Random(20260727L);
        for (int run = 0; run < 3000; run++) {
            Labels.Builder b = Labels.builder();
            b.add("job", value(random, pieces, true));
            int extra = random.nextInt(5);
            for (int i = 0; i < extra; i++) {
                b.tryAdd(name(random), value(random, pieces, false));
            }
            GroupingKey key = GroupingKey.of(b.build());

            String path = key.toPath();
            assertThat(path).as("for %s", key).matches("[A-Za-z0-9._~\\-/@=]+");
            // Safe in a URL as is: decoding it changes nothing.
            assertThat(URI.create("http://ferry/metrics" + path).getPath()).isEqualTo("/metrics" + path);
            GroupingKey back = GroupingKey.parse(path);
            assertThat(back).as("path %s", path).isEqualTo(key);
            assertThat(back.labels()).isEqualTo(key.labels());
            assertThat(back.toPath()).isEqualTo(path);
        }
    }

    private static String value(Random random, String[] pieces, boolean nonEmpty) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        return nonEmpty && sb.isEmpty() ? "j" : sb.toString();
    }

    private static String name(Random random) {
        List<String> fixed = new ArrayList<>(List.of("instance", "a", "_", "_x", "A1", "path", "job_x", "U__a_2e_b"));
        if (random.nextBoolean()) {
            return fixed.get(random.nextInt(fixed.size()));
        }
        String first = "abcXYZ_";
        String rest = "abcXYZ_019";
        StringBuilder sb = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(rest.charAt(random.nextInt(rest.length())));
        }
        String s = sb.toString();
        return s.startsWith("__") || s.equals("job") ? "x" + s : s;
    }
}
