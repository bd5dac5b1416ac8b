package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The layout of every {@code --help}: a short synopsis ({@code ferry push --gateway=URL --job=JOB
 * [OPTIONS] [FILE]}), then the description, arguments, options and commands, wrapped at spaces only.
 * picocli's own layout also breaks lines at dots and slashes, which split flag names such as
 * {@code --web.external-url} and URLs across lines, where they can be neither read nor copied.
 *
 * <pre>{@code
 * HelpLayout.apply(commandLine); // this command and all its subcommands
 * }</pre>
 */
final class HelpLayout {
    static final int WIDTH = 80;
    /** Where descriptions start in the option, argument and command lists. */
    private static final int DESCRIPTION_COLUMN = 28;

    private HelpLayout() {
    }

    static void apply(CommandLine cl) {
        Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> synopsis(help.commandSpec()));
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> paragraphs(help.commandSpec().usageMessage().description()));
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> paragraphs(help.commandSpec().usageMessage().footer()));
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, help -> parameters(help.commandSpec()));
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> options(help.commandSpec()));
        sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> commands(help.commandSpec()));
        cl.setHelpSectionMap(sections);
        cl.getSubcommands().values().forEach(HelpLayout::apply);
    }

    static String synopsis(CommandSpec spec) {
        StringBuilder s = new StringBuilder(spec.qualifiedName()); // after picocli's "Usage: " heading
        boolean optional = false;
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            if (o.required()) {
                s.append(' ').append(label(o));
            } else {
                optional = true;
            }
        }
        if (optional) {
            s.append(" [OPTIONS]");
        }
        if (!spec.subcommands().isEmpty()) {
            s.append(" [COMMAND]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                s.append(' ').append(positional(p));
            }
        }
        return wrap("", s.toString(), "         ") + "\n";
    }

    private static String parameters(CommandSpec spec) {
        List<String[]> rows = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                rows.add(new String[] {positional(p), String.join(" ", p.description())});
            }
        }
        return table(rows);
    }

    private static String options(CommandSpec spec) {
        List<String[]> rows = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                rows.add(new String[] {label(o), String.join(" ", o.description())});
            }
        }
        return table(rows);
    }

    private static String commands(CommandSpec spec) {
        List<String[]> rows = new ArrayList<>();
        spec.subcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                String[] description = sub.getCommandSpec().usageMessage().description();
                rows.add(new String[] {name, description.length == 0 ? "" : description[0]});
            }
        });
        return table(rows); // after picocli's "Commands:" heading
    }

    /** {@code -h, --help} or {@code --gateway=URL}. */
    private static String label(OptionSpec o) {
        String names = String.join(", ", o.names());
        return o.typeInfo().isBoolean() || o.arity().max() == 0 ? names : names + "=" + o.paramLabel();
    }

    private static String positional(ArgSpec p) {
        String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
        return p.required() ? label : "[" + label + "]";
    }

    /** Two columns: the label, then its description from {@link #DESCRIPTION_COLUMN}, both wrapped. */
    private static String table(List<String[]> rows) {
        String indent = " ".repeat(DESCRIPTION_COLUMN);
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            String label = "  " + row[0];
            if (label.length() <= DESCRIPTION_COLUMN - 2) {
                String first = label + " ".repeat(DESCRIPTION_COLUMN - label.length());
                out.append(wrap(first, row[1], indent)).append('\n');
            } else {
                out.append(label).append('\n').append(wrap(indent, row[1], indent)).append('\n');
            }
        }
        return out.toString();
    }

    /** Each string a paragraph of its own, wrapped; an empty string is an empty line. */
    private static String paragraphs(String[] texts) {
        return java.util.Arrays.stream(texts)
                .map(t -> wrap(leadingSpaces(t), t, leadingSpaces(t)))
                .collect(Collectors.joining("\n", "", texts.length == 0 ? "" : "\n"));
    }

    private static String leadingSpaces(String t) {
        int n = 0;
        while (n < t.length() && t.charAt(n) == ' ') {
            n++;
        }
        return t.substring(0, n);
    }

    /**
     * {@code prefix}, then the words of {@code text} wrapped at spaces to {@link #WIDTH} columns,
     * each later line starting with {@code indent}; a word longer than a line stays whole.
     */
    static String wrap(String prefix, String text, String indent) {
        StringBuilder out = new StringBuilder(prefix);
        int lineStart = 0;
        boolean fresh = true; // nothing but the prefix or the indent on this line yet
        for (String word : text.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!fresh && out.length() - lineStart + 1 + word.length() > WIDTH) {
                out.append('\n');
                lineStart = out.length();
                out.append(indent);
                fresh = true;
            }
            if (!fresh) {
                out.append(' ');
            }
            out.append(word);
            fresh = false;
        }
        return out.toString();
    }
}
