package com.kyeol.platform.cost;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of plan inputs and Helm values by dotted path; a missing or mistyped value is empty, never an exception. */
final class Values {

    private Values() {
    }

    static Optional<Object> at(Map<String, Object> root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return Optional.ofNullable(current);
    }

    static Optional<String> string(Map<String, Object> root, String path) {
        return at(root, path).filter(String.class::isInstance).map(String.class::cast);
    }

    static Optional<Double> number(Map<String, Object> root, String path) {
        return at(root, path).flatMap(v -> {
            if (v instanceof Number n) {
                return Optional.of(n.doubleValue());
            }
            if (v instanceof String s && s.matches("\\d+(\\.\\d+)?")) {
                return Optional.of(Double.parseDouble(s));
            }
            return Optional.empty();
        });
    }

    static boolean bool(Map<String, Object> root, String path, boolean orElse) {
        return at(root, path).map(v -> v instanceof Boolean b ? b : "true".equals(String.valueOf(v))).orElse(orElse);
    }

    static List<?> list(Map<String, Object> root, String path) {
        return at(root, path).filter(List.class::isInstance).map(v -> (List<?>) v).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> root, String path) {
        return at(root, path).filter(Map.class::isInstance).map(v -> (Map<String, Object>) v).orElse(Map.of());
    }

    /** A Kubernetes quantity of storage ({@code 10Gi}, {@code 500Mi}, {@code 1Ti}, {@code 20G}) in GiB. */
    static Optional<Double> gibibytes(String quantity) {
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?").matcher(quantity.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        double bytes = switch (unit) {
            case "Ki" -> value * 1024;
            case "Mi" -> value * Math.pow(1024, 2);
            case "Gi" -> value * Math.pow(1024, 3);
            case "Ti" -> value * Math.pow(1024, 4);
            case "K" -> value * 1e3;
            case "M" -> value * 1e6;
            case "G" -> value * 1e9;
            case "T" -> value * 1e12;
            default -> value;
        };
        return Optional.of(bytes / Math.pow(1024, 3));
    }
}
