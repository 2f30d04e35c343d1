package com.kyeol.platform.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Typed, problem-collecting reads of one configuration object. Each read either returns a value or
 * records one problem and returns empty, so a caller can keep going and report everything at once.
 * {@link #rejectUnknownKeys()} reports every key that no read asked for (typos).
 */
public final class ConfigSection {

    private final String prefix;
    private final Map<String, Object> values;
    private final Problems problems;
    private final Set<String> asked = new TreeSet<>();
    private final Set<String> secretKeys;
    private final boolean offline;

    ConfigSection(String prefix, Map<String, Object> values, Problems problems) {
        this(prefix, values, problems, Set.of(), false);
    }

    /**
     * @param secretKeys the keys of this section that are stored encrypted
     * @param offline    secrets cannot be decrypted (offline plan): a missing one stands as a placeholder
     */
    ConfigSection(String prefix, Map<String, Object> values, Problems problems, Set<String> secretKeys, boolean offline) {
        this.prefix = prefix;
        this.values = new LinkedHashMap<>(values);
        this.problems = problems;
        this.secretKeys = Set.copyOf(secretKeys);
        this.offline = offline;
    }

    /** The full key as users write it, e.g. {@code kyeol-platform:network.vpcCidr}. */
    public String key(String name) {
        return prefix + name;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String name) {
        asked.add(name);
        return values.get(name) != null;
    }

    public Optional<String> string(String name, boolean required, Predicate<String> valid, String expected) {
        return value(name, required, expected).flatMap(v -> asString(key(name), v, valid, expected));
    }

    /**
     * A secret: the key must be stored encrypted ({@code pulumi config set --secret <key>}); a plain-text
     * value is refused so that it never sits readable in the repository. Offline the value cannot be
     * decrypted: {@code valid} is not applied to the placeholder, and a required secret the stack file
     * does not carry yet is planned as a placeholder (the real run still requires it).
     */
    public Optional<Secret> secret(String name, boolean required, Predicate<String> valid, String expected) {
        String command = "pulumi config set --secret " + key(name);
        if (offline && required && values.get(name) == null) {
            asked.add(name);
            problems.note(key(name), "is not set; planned with a " + ProjectFiles.SECRET_PLACEHOLDER
                    + " placeholder (`pulumi up` refuses to run without it: `" + command + " --stack <stack>`)");
            return Optional.of(new Secret(ProjectFiles.SECRET_PLACEHOLDER));
        }
        return value(name, required, expected + ", set with `" + command + "`").flatMap(v -> {
            if (!secretKeys.contains(name)) {
                problems.add(key(name), "is stored in plain text", "an encrypted value: run `" + command + "`");
                return Optional.empty();
            }
            String s = render(v);
            if (!s.equals(ProjectFiles.SECRET_PLACEHOLDER) && !valid.test(s)) {
                problems.add(key(name), "the secret value is not valid", expected);
                return Optional.empty();
            }
            return Optional.of(new Secret(s));
        });
    }

    public Optional<Integer> integer(String name, boolean required, int min, int max) {
        String expected = String.format("a whole number from %d to %d", min, max);
        return value(name, required, expected).flatMap(v -> {
            Optional<Integer> parsed = toInteger(v);
            if (parsed.isEmpty() || parsed.get() < min || parsed.get() > max) {
                problems.add(key(name), "'" + render(v) + "' is not valid", expected);
                return Optional.empty();
            }
            return parsed;
        });
    }

    public Optional<Boolean> bool(String name, boolean required) {
        return value(name, required, "true or false").flatMap(v -> {
            if (v instanceof Boolean b) {
                return Optional.of(b);
            }
            if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
                return Optional.of(Boolean.parseBoolean(s));
            }
            problems.add(key(name), "'" + render(v) + "' is not a boolean", "true or false");
            return Optional.empty();
        });
    }

    /** A list whose every element passes {@code valid}; one problem per bad element. */
    public Optional<List<String>> stringList(String name, boolean required, Predicate<String> valid, String expected) {
        return value(name, required, "a list of " + expected).flatMap(v -> {
            if (!(v instanceof List<?> list)) {
                problems.add(key(name), "'" + render(v) + "' is not a list", "a list of " + expected);
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) {
                Optional<String> item = asString(key(name) + "[" + i + "]", list.get(i), valid, expected);
                ok &= item.isPresent();
                item.ifPresent(out::add);
            }
            return ok ? Optional.of(List.copyOf(out)) : Optional.empty();
        });
    }

    /** Parses each list element with {@code parser} (empty = invalid) after the usual string checks. */
    public <T> Optional<List<T>> list(String name, boolean required, Function<String, Optional<T>> parser, String expected) {
        return stringList(name, required, s -> parser.apply(s).isPresent(), expected)
                .map(items -> items.stream().map(s -> parser.apply(s).orElseThrow()).toList());
    }

    public Optional<ConfigSection> section(String name, boolean required) {
        return value(name, required, "an object").flatMap(v -> {
            if (v instanceof Map<?, ?> map) {
                Map<String, Object> typed = new LinkedHashMap<>();
                map.forEach((k, val) -> typed.put(String.valueOf(k), val));
                return Optional.of(new ConfigSection(key(name) + ".", typed, problems));
            }
            problems.add(key(name), "'" + render(v) + "' is not an object", "an object with keys");
            return Optional.empty();
        });
    }

    /** One problem for each value {@code values} (the list at {@code name}) repeats: every list here is a set. */
    public void rejectRepeats(String name, List<?> values) {
        Set<Object> seen = new java.util.HashSet<>();
        for (Object v : values) {
            if (!seen.add(v)) {
                problems.add(key(name), v + " is listed twice", "each value once");
            }
        }
    }

    /** Records a problem for a key present in this section that the role or tier does not allow. */
    public void forbid(String name, String why) {
        if (has(name)) {
            problems.add(key(name), "is set but " + why, "no such key here");
        }
    }

    /** One problem for every key that no read asked for, with the nearest known key as a hint. */
    public void rejectUnknownKeys() {
        for (String name : values.keySet()) {
            if (!asked.contains(name)) {
                int dot = name.indexOf('.');
                String hint;
                if (dot > 0 && asked.contains(name.substring(0, dot))) {
                    // `kyeol-platform:network.vpcCidr: x` at the top: Pulumi keeps it as one flat key named that way.
                    hint = " (settings are nested: write " + key(name.substring(0, dot)) + ": {" + name.substring(dot + 1)
                            + ": …}, which is what `pulumi config set --path '" + key(name) + "'` writes)";
                } else {
                    hint = nearest(name, asked).map(n -> " (did you mean '" + n + "'?)").orElse("") + hidden(name);
                }
                problems.add(key(name), "is not a known key" + hint, "one of " + String.join(", ", asked));
            }
        }
    }

    private Optional<Object> value(String name, boolean required, String expected) {
        asked.add(name);
        Object v = values.get(name);
        if (v == null) {
            if (required) {
                problems.add(key(name), "is missing", expected);
            }
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private Optional<String> asString(String fullKey, Object v, Predicate<String> valid, String expected) {
        if (v instanceof Map || v instanceof List) {
            problems.add(fullKey, "'" + render(v) + "' is not a single value", expected);
            return Optional.empty();
        }
        String s = render(v);
        if (!valid.test(s)) {
            problems.add(fullKey, "'" + s + "' is not valid" + hidden(s), expected);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * What a reader cannot see in a quoted value: the first character outside printable ASCII (a Cyrillic 'е' in
     * "developmеnt", a zero-width space, a no-break space) or spaces at either end; "" when there is none.
     */
    static String hidden(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp < 0x20 || cp > 0x7E) {
                String name = Character.getName(cp);
                return String.format(" (character %d is U+%04X%s, not a plain ASCII character)", s.codePointCount(0, i) + 1, cp,
                        name == null ? "" : " " + name);
            }
            i += Character.charCount(cp);
        }
        return !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ') ? " (it starts or ends with a space)" : "";
    }

    private static Optional<Integer> toInteger(Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return Optional.of(n.intValue());
        }
        if (v instanceof String s && s.matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(s));
        }
        return Optional.empty();
    }

    /** Renders a scalar as the user wrote it (whole numbers without a trailing {@code .0}). */
    static String render(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }

    static Optional<String> nearest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
