package com.kyeol.platform.cost;

import java.util.List;

/**
 * What one resource of the plan costs a month (a component's resources each have their own line; an ALB made by
 * an Ingress is a line of the resource that creates the Ingress).
 *
 * @param urn       the resource the charges belong to
 * @param component the nearest component ({@code kyeol:network:Network prod}), or {@code stack}
 * @param label     what it is, for people (e.g. {@code interface endpoint ecr.api in 3 zones})
 * @param unpriced  parts of it that have a price on AWS but none here (the estimate is then a lower bound)
 */
public record CostLine(String urn, String type, String name, String component, String label, List<Charge> charges,
                       List<String> unpriced) {

    public CostLine {
        charges = List.copyOf(charges);
        unpriced = List.copyOf(unpriced);
    }

    public double monthlyUsd() {
        return charges.stream().mapToDouble(Charge::monthlyUsd).sum();
    }
}
