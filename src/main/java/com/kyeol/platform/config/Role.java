package com.kyeol.platform.config;

import java.util.Arrays;
import java.util.Optional;

/** What a stack is: a workload environment (runs Saleor) or the hub (ArgoCD, ECR, CI roles). */
public enum Role {
    WORKLOAD("workload"),
    HUB("hub");

    private final String configValue;

    Role(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static Optional<Role> fromConfig(String value) {
        return Arrays.stream(values()).filter(r -> r.configValue.equals(value)).findFirst();
    }
}
