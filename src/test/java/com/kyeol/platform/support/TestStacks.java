package com.kyeol.platform.support;

import com.google.gson.Gson;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The repository's own stack files, and edited copies of them, for tests. */
public final class TestStacks {

    private static final Gson GSON = new Gson();

    private TestStacks() {
    }

    /** The repository root (Maven runs tests there). */
    public static ProjectFiles project() {
        return ProjectFiles.open(Path.of("").toAbsolutePath());
    }

    /** Every stack that has a stack file: a new Pulumi.<stack>.yaml is picked up by every test using this. */
    public static List<String> stacks() {
        return project().stacks();
    }

    /** A stack file as the offline plan sees it: required secrets a fresh clone lacks stand as placeholders. */
    public static StackConfig config(String stack) {
        return project().load(stack);
    }

    /** The same file as {@code pulumi up} would see it: no placeholders, a missing secret is a problem. */
    public static StackConfig rawConfig(String stack) {
        StackConfig file = config(stack);
        return new StackConfig(file.project(), file.stack(), file.source(), file.values(), file.secretKeys(), false);
    }

    public static StackSettings settings(String stack) {
        return SettingsLoader.load(config(stack), project().siblingsOf(stack));
    }

    /**
     * A copy of {@code base} with {@code key} edited: with {@code path} null the whole value is replaced
     * ({@code value} null removes the key); otherwise {@code path} (dot-separated) inside its JSON object is
     * set, or removed when {@code value} is null.
     */
    @SuppressWarnings("unchecked")
    public static StackConfig edit(StackConfig base, String key, String path, Object value) {
        Map<String, String> values = new HashMap<>(base.values());
        if (path == null) {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value instanceof String s ? s : GSON.toJson(value));
            }
        } else {
            Map<String, Object> object = values.containsKey(key)
                    ? GSON.fromJson(values.get(key), LinkedHashMap.class) : new LinkedHashMap<>();
            String[] parts = path.split("\\.");
            Map<String, Object> at = object;
            for (int i = 0; i < parts.length - 1; i++) {
                at = (Map<String, Object>) at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            }
            if (value == null) {
                at.remove(parts[parts.length - 1]);
            } else {
                at.put(parts[parts.length - 1], value);
            }
            values.put(key, GSON.toJson(object));
        }
        return new StackConfig(base.project(), base.stack(), base.source(), values, base.secretKeys(), base.offline());
    }

    /** A copy with {@code key} set to {@code value} and stored encrypted, as `pulumi config set --secret` does. */
    public static StackConfig withSecret(StackConfig base, String key, String value) {
        Map<String, String> values = new HashMap<>(base.values());
        values.put(key, value);
        var secretKeys = new java.util.HashSet<>(base.secretKeys());
        secretKeys.add(key);
        return new StackConfig(base.project(), base.stack(), base.source(), values, secretKeys, base.offline());
    }

    /** The same configuration under another stack name (and file name). */
    public static StackConfig renamed(StackConfig base, String stack) {
        return new StackConfig(base.project(), stack, "Pulumi." + stack + ".yaml", base.values(), base.secretKeys(), base.offline());
    }
}
