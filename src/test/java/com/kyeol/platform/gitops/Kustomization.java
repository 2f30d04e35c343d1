package com.kyeol.platform.gitops;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the subset of Kustomize that {@code gitops/} uses (resources, namespace, images, JSON6902 patches with
 * add/replace), strictly: a patch whose path does not exist, a target that matches nothing or a resource file that
 * is missing fails the render. No Kustomize binary is available to the tests; this keeps the tree honest without it.
 */
final class Kustomization {

    private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));

    private Kustomization() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> render(Path directory) {
        Map<String, Object> k = (Map<String, Object>) load(directory.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object resource : (List<Object>) k.getOrDefault("resources", List.of())) {
            Path path = directory.resolve((String) resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                objects.addAll(load(path));
            }
        }
        if (k.get("namespace") instanceof String namespace) {
            objects.forEach(o -> ((Map<String, Object>) o.get("metadata")).put("namespace", namespace));
        }
        // Kustomize's order: patches first, then image tags (so a patch's containers get their tags too).
        for (Object patch : (List<Object>) k.getOrDefault("patches", List.of())) {
            Map<String, Object> p = (Map<String, Object>) patch;
            String text = p.get("path") instanceof String file ? read(directory.resolve(file)) : (String) p.get("patch");
            for (Map<String, Object> object : targets(objects, (Map<String, Object>) p.get("target"), directory)) {
                // Parsed once per object: a value inserted into two objects must not be one shared map.
                for (Object op : (List<Object>) YAML.load(text)) {
                    apply(object, (Map<String, Object>) op, directory);
                }
            }
        }
        for (Object image : (List<Object>) k.getOrDefault("images", List.of())) {
            Map<String, Object> i = (Map<String, Object>) image;
            if (i.get("newTag") != null) {
                setTag(objects, (String) i.get("name"), String.valueOf(i.get("newTag")));
            }
        }
        return objects;
    }

    /**
     * What a patch applies to: by kind and name exactly one object, or by {@code labelSelector} ({@code key=value})
     * every object carrying that label, at least one.
     */
    private static List<Map<String, Object>> targets(List<Map<String, Object>> objects, Map<String, Object> target, Path directory) {
        if (target.get("labelSelector") instanceof String selector) {
            String key = selector.substring(0, selector.indexOf('='));
            String value = selector.substring(selector.indexOf('=') + 1);
            List<Map<String, Object>> matched = objects.stream()
                    .filter(o -> ((Map<?, ?>) o.get("metadata")).get("labels") instanceof Map<?, ?> labels && value.equals(labels.get(key)))
                    .toList();
            if (matched.isEmpty()) {
                throw new AssertionError(directory + ": patch selector " + selector + " matches nothing");
            }
            return matched;
        }
        List<Map<String, Object>> matched = objects.stream()
                .filter(o -> o.get("kind").equals(target.get("kind")) && name(o).equals(target.get("name"))).toList();
        if (matched.size() != 1) {
            throw new AssertionError(directory + ": patch target " + target + " matches " + matched.size() + " objects");
        }
        return matched;
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " does not exist");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(((Map<?, ?>) object.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    private static void setTag(List<Map<String, Object>> objects, String image, String tag) {
        for (Map<String, Object> o : objects) {
            Object spec = o.get("spec");
            if (!(spec instanceof Map<?, ?> s) || !(s.get("template") instanceof Map<?, ?> template)) {
                continue;
            }
            var podSpec = (Map<String, Object>) template.get("spec");
            List<Object> containers = new ArrayList<>((List<Object>) podSpec.get("containers"));
            containers.addAll((List<Object>) podSpec.getOrDefault("initContainers", List.of()));
            for (Object c : containers) {
                var container = (Map<String, Object>) c;
                String current = (String) container.get("image");
                String bare = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                if (bare.equals(image)) {
                    container.put("image", image + ":" + tag);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> object, Map<String, Object> op, Path where) {
        String[] parts = ((String) op.get("path")).substring(1).split("/");
        Object at = object;
        for (int i = 0; i < parts.length - 1; i++) {
            at = child(at, unescape(parts[i]), where, op);
        }
        String last = unescape(parts[parts.length - 1]);
        String kind = (String) op.get("op");
        if (at instanceof Map<?, ?> map) {
            if (kind.equals("replace") && !map.containsKey(last)) {
                throw new AssertionError(where + ": replace of a missing path " + op.get("path"));
            }
            ((Map<String, Object>) map).put(last, op.get("value"));
        } else if (at instanceof List<?> list) {
            int index = Integer.parseInt(last);
            if (kind.equals("replace")) {
                ((List<Object>) list).set(index, op.get("value"));
            } else {
                ((List<Object>) list).add(index, op.get("value"));
            }
        } else {
            throw new AssertionError(where + ": cannot apply " + op);
        }
    }

    private static Object child(Object at, String key, Path where, Map<String, Object> op) {
        Object next = at instanceof Map<?, ?> map ? map.get(key)
                : at instanceof List<?> list && key.matches("\\d+") && Integer.parseInt(key) < list.size() ? list.get(Integer.parseInt(key)) : null;
        if (next == null) {
            throw new AssertionError(where + ": " + op.get("path") + " does not exist (at " + key + ")");
        }
        return next;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " does not exist");
        }
        try {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : YAML.loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(new LinkedHashMap<>((Map<String, Object>) doc));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
