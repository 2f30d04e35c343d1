package com.kyeol.platform.cost;

import com.kyeol.platform.config.UsageAssumption;

import java.util.Optional;

/**
 * One priced quantity of a resource: {@code quantity} units of {@code price} a month.
 *
 * @param what  what is counted, e.g. {@code 3 × t3.medium, 730 h}
 * @param usage the assumption the quantity comes from, when the plan cannot show it
 */
public record Charge(String what, double quantity, Price price, Optional<UsageAssumption> usage) {

    public double monthlyUsd() {
        return quantity * price.usd();
    }
}
