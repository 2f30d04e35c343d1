package com.kyeol.platform.cost;

import com.kyeol.platform.config.CostSettings;
import com.kyeol.platform.config.StackSettings;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlanPrinter;
import com.kyeol.platform.plan.PlannedResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The estimate as part of every offline plan: {@code bin/plan} prices each plan it makes, puts the estimate in the
 * JSON ({@code cost}) and the summary, and holds it to the stack file's budget. A plan over budget gets a
 * {@value #BUDGET_POLICY} violation at the budget's enforcement level, next to the policy pack's findings: a
 * mandatory one makes {@code bin/plan} exit 3 like any mandatory policy violation.
 */
public final class PlanCosts {

    /** The name budget violations carry in {@code violations}. */
    public static final String BUDGET_POLICY = "monthly-budget";

    /** A plan with its estimate (the plan's violations include a budget overrun). */
    public record Costed(Plan plan, CostEstimate estimate) {
    }

    private PlanCosts() {
    }

    /** @param stackFile the stack file the budget comes from, named in the violation */
    public static Costed apply(Plan plan, StackSettings settings, String stackFile, Estimator estimator) {
        CostEstimate estimate = estimator.estimate(plan, settings.region(), settings.cost());
        Optional<Plan.Violation> overrun = budgetViolation(plan, estimate, stackFile);
        if (overrun.isEmpty()) {
            return new Costed(plan, estimate);
        }
        List<Plan.Violation> violations = new ArrayList<>(plan.violations());
        violations.add(overrun.get());
        return new Costed(plan.withPolicyResult(violations, plan.policyCheck()), estimate);
    }

    static Optional<Plan.Violation> budgetViolation(Plan plan, CostEstimate estimate, String stackFile) {
        Optional<CostSettings.Budget> budget = estimate.budget();
        if (budget.isEmpty() || estimate.monthlyUsd() <= budget.get().monthlyUsd()) {
            return Optional.empty();
        }
        CostSettings.Budget b = budget.get();
        String largest = estimate.byComponent().entrySet().stream().limit(3)
                .map(c -> c.getKey() + " " + CostReport.usd(c.getValue())).collect(Collectors.joining(", "));
        String stackUrn = plan.resources().stream().filter(r -> r.type().equals("pulumi:pulumi:Stack")).map(PlannedResource::urn)
                .findFirst().orElse("");
        String message = String.format("the estimate of %s per month exceeds the budget of %s per month "
                        + "(kyeol-platform:cost.budget in %s) by %s; largest: %s. Reduce the stack, or raise the budget in the "
                        + "stack file if the cost is intended",
                CostReport.usd(estimate.monthlyUsd()), CostReport.usd(b.monthlyUsd()), stackFile,
                CostReport.usd(estimate.monthlyUsd() - b.monthlyUsd()), largest);
        return Optional.of(new Plan.Violation(BUDGET_POLICY, b.enforcement().configValue(), "high", stackUrn, message));
    }

    /** The plan's JSON contract with a {@code cost} member. */
    public static Map<String, Object> jsonTree(Costed costed) {
        Map<String, Object> tree = PlanPrinter.toJsonTree(costed.plan());
        tree.put("cost", CostReport.json(costed.estimate()));
        return tree;
    }

    public static String json(Costed costed) {
        return PlanPrinter.jsonOf(jsonTree(costed));
    }

    public static String json(List<Costed> costed) {
        return PlanPrinter.jsonOf(costed.stream().map(PlanCosts::jsonTree).toList());
    }

    /** The plan summary with the cost block at the end. */
    public static String summary(Costed costed) {
        return PlanPrinter.summary(costed.plan()) + CostReport.summary(costed.estimate());
    }

    /** {@code bin/plan all --cost}: every stack's breakdown, then one line per stack. */
    public static String breakdowns(List<Costed> costed) {
        var out = new StringBuilder();
        costed.forEach(c -> out.append(CostReport.breakdown(c.plan().project(), c.estimate())).append(System.lineSeparator()));
        if (costed.size() > 1) {
            out.append(String.format("All stacks (USD per month):%n"));
            double total = 0;
            for (Costed c : costed) {
                out.append(String.format("  %-8s %12s%n", c.plan().stack(), CostReport.usd(c.estimate().monthlyUsd())));
                total += c.estimate().monthlyUsd();
            }
            out.append(String.format("  %-8s %12s%n", "total", CostReport.usd(total)));
        }
        return out.toString();
    }
}
