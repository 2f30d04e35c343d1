package com.kyeol.platform.cost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Price tables by region (each a map from price key to {@link Price}); {@link Prices#BOOK} is the project's. */
public record PriceBook(Map<String, Map<String, Price>> regions) {

    public PriceBook {
        Map<String, Map<String, Price>> copy = new LinkedHashMap<>();
        regions.forEach((region, table) -> copy.put(region, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(table))));
        regions = java.util.Collections.unmodifiableMap(copy);
    }

    public Optional<Price> find(String region, String key) {
        return Optional.ofNullable(regions.getOrDefault(region, Map.of()).get(key));
    }

    public List<String> regionNames() {
        return List.copyOf(regions.keySet());
    }

    public Map<String, Price> table(String region) {
        return regions.getOrDefault(region, Map.of());
    }

    /** Builds a book region by region, in the order the tables are printed. */
    public static final class Builder {
        private final Map<String, Map<String, Price>> regions = new LinkedHashMap<>();
        private Map<String, Price> current;

        public Builder region(String region) {
            current = regions.computeIfAbsent(region, r -> new LinkedHashMap<>());
            return this;
        }

        public Builder add(Price price) {
            if (current.put(price.key(), price) != null) {
                throw new IllegalStateException("two prices for " + price.key());
            }
            return this;
        }

        public PriceBook build() {
            return new PriceBook(regions);
        }
    }
}
