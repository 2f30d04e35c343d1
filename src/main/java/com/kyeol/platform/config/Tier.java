package com.kyeol.platform.config;

import java.util.Arrays;
import java.util.Optional;

/** How strict a stack is: staging and production must not be able to lose data or availability. */
public enum Tier {
    DEVELOPMENT("development"),
    STAGING("staging"),
    PRODUCTION("production");

    private final String configValue;

    Tier(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Staging and production: Multi-AZ databases, deletion protection and the like. */
    public boolean isProductionLike() {
        return this != DEVELOPMENT;
    }

    public static Optional<Tier> fromConfig(String value) {
        return Arrays.stream(values()).filter(t -> t.configValue.equals(value)).findFirst();
    }
}
