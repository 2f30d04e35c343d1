package com.kyeol.platform.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a project or stack file strictly, reporting every problem of its text with the line and column an editor
 * shows (not a stack trace, not only the first one):
 * <ul>
 *   <li>the encoding: UTF-8, with or without a byte-order mark; a UTF-16/32 file or bytes that are not UTF-8
 *       (a file saved as Latin-1 or Windows-1252) are refused, one problem per line they occur on;</li>
 *   <li>YAML syntax, with SnakeYAML's own description of the problem;</li>
 *   <li>a key set twice in one mapping, with both lines (YAML readers keep the last value without a word);</li>
 *   <li>plain values that YAML 1.1 (this reader) and YAML 1.2 (the Pulumi CLI) read differently, or that do not
 *       arrive as written: {@code yes}/{@code on} booleans, {@code 010} octal and {@code 1:30} base-60 numbers,
 *       {@code 1.30} read as the number 1.3, {@code 2024-01-01} read as a date. Quoting says what was meant.</li>
 * </ul>
 */
final class YamlFile {

    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)\\.[0-9]*[1-9]");

    private YamlFile() {
    }

    /** The top-level mapping of {@code file}, or empty with every problem recorded. */
    static Optional<Map<String, Object>> read(Path file, Problems problems) {
        if (!Files.isRegularFile(file)) {
            problems.add("(file)", "does not exist", "a readable YAML file");
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add("(file)", "cannot be read (" + e.getMessage() + ")", "a readable YAML file");
            return Optional.empty();
        }
        return decode(bytes, problems).flatMap(text -> parse(text, problems));
    }

    /** The text of a UTF-8 file (a UTF-8 byte-order mark is dropped); empty with one problem per line that is not UTF-8. */
    static Optional<String> decode(byte[] bytes, Problems problems) {
        if (startsWith(bytes, 0x00, 0x00, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE, 0x00, 0x00)) {
            problems.add("(file)", "is encoded as UTF-32 (it starts with a UTF-32 byte-order mark)", "a UTF-8 file: save it as UTF-8");
            return Optional.empty();
        }
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            problems.add("(file)", "is encoded as UTF-16 (it starts with a UTF-16 byte-order mark)", "a UTF-8 file: save it as UTF-8");
            return Optional.empty();
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var badLines = new TreeSet<Integer>();
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            int offset = in.position();
            int line = lineOf(bytes, start, offset);
            if (badLines.add(line)) {
                problems.addAt(line, columnOf(bytes, start, offset), null,
                        String.format("byte 0x%02X is not UTF-8 (the file looks saved as Latin-1 or Windows-1252)", bytes[offset] & 0xFF),
                        "a UTF-8 file: save it as UTF-8");
            }
            in.position(offset + Math.max(1, result.length()));
        }
        if (!badLines.isEmpty()) {
            return Optional.empty();
        }
        decoder.flush(out);
        return Optional.of(out.flip().toString());
    }

    static Optional<Map<String, Object>> parse(String text, Problems problems) {
        var options = new LoaderOptions();
        var constructor = new Constructor(options);
        Node root;
        try {
            root = new Yaml(constructor).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = "is not valid YAML: " + describe(e);
            String expected = "well-formed YAML (spaces, not tabs, for indentation; quotes around values that contain ': ' or ' #')";
            if (mark != null) {
                problems.addAt(mark.getLine() + 1, mark.getColumn() + 1, null, what, expected);
            } else {
                problems.add("(file)", what, expected);
            }
            return Optional.empty();
        } catch (YAMLException e) {
            problems.add("(file)", "is not valid YAML: " + firstLine(e.getMessage()), "well-formed YAML");
            return Optional.empty();
        }
        if (root == null) {
            problems.add("(file)", "is empty", "a YAML mapping with top-level keys such as config: (copy an existing stack file)");
            return Optional.empty();
        }
        if (!(root instanceof MappingNode)) {
            problems.addAt(root.getStartMark().getLine() + 1, root.getStartMark().getColumn() + 1, null,
                    "the top level is " + (root instanceof SequenceNode ? "a list" : "a single value") + ", not a mapping",
                    "a YAML mapping with top-level keys such as config:");
            return Optional.empty();
        }
        int before = problems.lines().size();
        check(root, "", constructor, problems);
        if (problems.lines().size() > before) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) constructor.build(root)).forEach((k, v) -> out.put(String.valueOf(k), v));
        return Optional.of(out);
    }

    /** Repeated keys and values that would not arrive as written, everywhere under {@code node}. */
    private static void check(Node node, String path, Constructor constructor, Problems problems) {
        if (node instanceof MappingNode mapping) {
            Map<String, Mark> seen = new HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (!(keyNode instanceof ScalarNode key)) {
                    problems.addAt(line(keyNode), column(keyNode), display(path), "has a list or mapping as a key", "plain key names");
                    continue;
                }
                if (key.getTag().equals(Tag.MERGE)) {
                    check(tuple.getValueNode(), path, constructor, problems);
                    continue;
                }
                String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                checkScalar(key, child, constructor, problems);
                Mark first = seen.putIfAbsent(key.getValue(), key.getStartMark());
                if (first != null) {
                    problems.addAt(line(key), column(key), display(child),
                            "is set twice in the same mapping (also on line " + (first.getLine() + 1) + ")",
                            "each key once (YAML readers silently keep only the last value)");
                }
                check(tuple.getValueNode(), child, constructor, problems);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                check(sequence.getValue().get(i), path + "[" + i + "]", constructor, problems);
            }
        } else if (node instanceof ScalarNode scalar) {
            checkScalar(scalar, path, constructor, problems);
        }
    }

    private static void checkScalar(ScalarNode scalar, String path, Constructor constructor, Problems problems) {
        if (scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return;
        }
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        String problem = null;
        String expected = null;
        if (tag.equals(Tag.BOOL) && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problem = "'" + text + "' is read as the boolean " + constructor.value(scalar)
                    + " by YAML 1.1 (this program) but as the text \"" + text + "\" by YAML 1.2 (the Pulumi CLI)";
            expected = "true or false, or \"" + text + "\" in quotes if it is text";
        } else if (tag.equals(Tag.INT) && !PLAIN_INTEGER.matcher(text).matches()) {
            problem = "'" + text + "' is read as the number " + ConfigSection.render(constructor.value(scalar))
                    + " (YAML 1.1 reads a leading 0 as octal, ':' as base 60, and drops '_' and '+')";
            expected = "plain decimal digits, or \"" + text + "\" in quotes if it is text";
        } else if (tag.equals(Tag.FLOAT) && !PLAIN_DECIMAL.matcher(text).matches()) {
            problem = "'" + text + "' is read as the number " + ConfigSection.render(constructor.value(scalar)) + ", not as written";
            expected = "\"" + text + "\" in quotes (a version or other text), or the number as it is read";
        } else if (tag.equals(Tag.TIMESTAMP)) {
            problem = "'" + text + "' is read as a date and time, not as text";
            expected = "\"" + text + "\" in quotes";
        }
        if (problem != null) {
            problems.addAt(line(scalar), column(scalar), display(path), problem, expected);
        }
    }

    /** The key as users write it: {@code kyeol-platform:network.vpcCidr} for a path under {@code config}. */
    private static String display(String path) {
        if (path.isEmpty()) {
            return null;
        }
        return path.startsWith("config.") ? path.substring("config.".length()) : path;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }

    /**
     * SnakeYAML's problem in one line, with its context: "expected ',' or ']', but got <stream end> (in the flow
     * sequence that starts on line 2, column 15)"; a problem that continues its context ("but found another
     * document") is joined to it.
     */
    private static String describe(MarkedYAMLException e) {
        String problem = firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage());
        String context = e.getContext() == null ? null : firstLine(e.getContext());
        if (context == null || context.isEmpty()) {
            return problem;
        }
        if (problem.startsWith("but ")) {
            return context + ", " + problem;
        }
        Mark at = e.getContextMark();
        return problem + " (" + context + (at == null ? "" : " that starts on line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1)) + ")";
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").trim();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineOf(byte[] bytes, int start, int offset) {
        int line = 1;
        for (int i = start; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Characters (not bytes) from the start of the line to {@code offset}, plus one. */
    private static int columnOf(byte[] bytes, int start, int offset) {
        int lineStart = offset;
        while (lineStart > start && bytes[lineStart - 1] != '\n') {
            lineStart--;
        }
        String before = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return before.codePointCount(0, before.length()) + 1;
    }

    /** SafeConstructor with its document and scalar construction opened to this class. */
    private static final class Constructor extends SafeConstructor {

        Constructor(LoaderOptions options) {
            super(options);
        }

        Object build(Node root) {
            return constructDocument(root);
        }

        Object value(ScalarNode scalar) {
            return constructObject(scalar);
        }
    }
}
