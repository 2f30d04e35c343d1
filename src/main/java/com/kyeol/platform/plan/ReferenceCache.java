package com.kyeol.platform.plan;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import com.kyeol.platform.config.StackConfig;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outputs of a stack planned only to be referenced (the hub, when {@code bin/plan dev} plans dev), kept in
 * {@code target/plan-cache/} between runs of the same program on the same stack file, so that planning a workload
 * stack plans one stack instead of two. The key is the program (the jar's size and time: {@code bin/plan} rebuilds the
 * jar whenever a source changes) and everything of the stack's configuration; an entry is only written for outputs that
 * read back exactly (strings, booleans, lists and maps of them, nothing secret). A stack that is printed is always
 * planned. Without a jar (the tests, an IDE) there is no cache.
 */
final class ReferenceCache {

    private static final Gson GSON = new Gson();
    /** Bumped when the entry format or what a plan's outputs depend on changes. */
    private static final String FORMAT = "1";

    private final Path directory;
    private final String program;

    ReferenceCache(Path directory, String program) {
        this.directory = directory;
        this.program = program;
    }

    /** The cache of {@code projectDir}'s plans when this code runs from a jar; empty otherwise. */
    static Optional<ReferenceCache> forJar(Path projectDir) {
        try {
            Path code = Path.of(ReferenceCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(code) || !code.toString().endsWith(".jar")) {
                return Optional.empty();
            }
            return Optional.of(new ReferenceCache(projectDir.resolve("target").resolve("plan-cache"),
                    code + ":" + Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis()));
        } catch (IOException | URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    Optional<ReferencedStack> get(StackConfig config) {
        Path entry = entry(config);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try {
            Entry read = GSON.fromJson(Files.readString(entry, StandardCharsets.UTF_8), Entry.class);
            return read == null || read.outputs == null ? Optional.empty()
                    : Optional.of(new ReferencedStack(read.outputs, Set.of()));
        } catch (IOException | JsonSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code stack}'s outputs when they read back exactly; a failure to write only costs the next run a plan. */
    void put(StackConfig config, ReferencedStack stack) {
        if (!stack.secretOutputNames().isEmpty() || !stack.outputs().values().stream().allMatch(ReferenceCache::exact)) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, config.stack(), ".tmp");
            Entry entry = new Entry();
            entry.outputs = new TreeMap<>(stack.outputs());
            Files.writeString(temp, GSON.toJson(entry), StandardCharsets.UTF_8);
            Files.move(temp, entry(config), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // not cached
        }
    }

    /** Values JSON keeps as they are (numbers would come back as doubles). */
    static boolean exact(Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(ReferenceCache::exact);
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().allMatch(String.class::isInstance) && map.values().stream().allMatch(ReferenceCache::exact);
        }
        return false;
    }

    private Path entry(StackConfig config) {
        var key = new StringBuilder(FORMAT).append('\n').append(program).append('\n').append(config.project()).append('\n')
                .append(config.stack()).append('\n').append(config.offline()).append('\n');
        new TreeMap<>(config.values()).forEach((k, v) -> key.append(k).append('=').append(v).append('\n'));
        new java.util.TreeSet<>(config.secretKeys()).forEach(k -> key.append("secret ").append(k).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return directory.resolve(config.stack() + "-" + HexFormat.of().formatHex(digest, 0, 12) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Entry {
        Map<String, Object> outputs;
    }
}
