package com.kyeol.platform.cost;

import com.kyeol.platform.config.CostSettings;
import com.kyeol.platform.config.UsageAssumption;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prices an offline plan: every resource gets a {@link CostLine} from its type's pricer ({@link ResourceTypes}),
 * charges priced from the {@link PriceBook} table of the resource's own region (its provider's), quantities from
 * the resource's arguments or, where a plan cannot know them, from the stack's {@link UsageAssumption}s. Load
 * balancers come from the Ingresses the plan deploys ({@link Ingresses}).
 */
public final class Estimator {

    private final PriceBook book;
    private final Path projectDir;
    private final LocalDate date;

    /**
     * @param projectDir where the GitOps tree the plan's Applications deploy lives (their Ingresses make ALBs)
     * @param date       the day the estimate is for (decides EKS standard vs extended support)
     */
    public Estimator(PriceBook book, Path projectDir, LocalDate date) {
        this.book = book;
        this.projectDir = projectDir;
        this.date = date;
    }

    /** The project's prices, today. */
    public static Estimator standard(Path projectDir) {
        return new Estimator(Prices.BOOK, projectDir, LocalDate.now(java.time.ZoneOffset.UTC));
    }

    public CostEstimate estimate(Plan plan, String stackRegion, CostSettings cost) {
        var ctx = new Context(plan, stackRegion, cost, date, Ingresses.find(plan, projectDir));
        List<CostLine> lines = new ArrayList<>();
        Map<String, String> free = new TreeMap<>();
        var unclassified = new TreeSet<String>();
        for (PlannedResource r : plan.resources()) {
            if (!r.custom()) {
                continue;
            }
            var kind = ResourceTypes.classify(r.type());
            if (kind.pricer().isPresent()) {
                var line = new LineBuilder(r, ctx.componentOf(r), ctx.regionOf(r), book, cost);
                kind.pricer().get().price(r, ctx, line);
                if (line.hasContent()) {
                    lines.add(line.build());
                } else {
                    free.put(r.type(), kind.reason());
                }
            } else if (kind.free()) {
                free.put(r.type(), kind.reason());
            } else {
                unclassified.add(r.type());
            }
        }
        return new CostEstimate(plan.stack(), stackRegion, lines, free, List.copyOf(unclassified), cost, ResourceTypes.NOTES);
    }

    /** What a pricer may look at besides its resource. */
    public static final class Context {
        private final Plan plan;
        private final Map<String, PlannedResource> byUrn = new LinkedHashMap<>();
        private final String stackRegion;
        private final CostSettings cost;
        private final LocalDate date;
        private final Ingresses.Found ingresses;

        Context(Plan plan, String stackRegion, CostSettings cost, LocalDate date, Ingresses.Found ingresses) {
            this.plan = plan;
            this.stackRegion = stackRegion;
            this.cost = cost;
            this.date = date;
            this.ingresses = ingresses;
            plan.resources().forEach(r -> byUrn.put(r.urn(), r));
        }

        public LocalDate date() {
            return date;
        }

        public Plan plan() {
            return plan;
        }

        public double usage(UsageAssumption assumption) {
            return cost.usage(assumption);
        }

        public Ingresses.Found ingresses() {
            return ingresses;
        }

        /** The region of the resource's explicit aws provider, else the stack's. */
        public String regionOf(PlannedResource r) {
            String ref = r.provider();
            int cut = ref.lastIndexOf("::");
            PlannedResource provider = cut > 0 ? byUrn.get(ref.substring(0, cut)) : null;
            if (provider != null && provider.inputs().get("region") instanceof String region) {
                return region;
            }
            return stackRegion;
        }

        /** The resources {@code r} depends on that are of {@code type}. */
        public List<PlannedResource> dependencies(PlannedResource r, String type) {
            return r.dependsOn().stream().map(byUrn::get).filter(d -> d != null && d.type().equals(type)).toList();
        }

        public Optional<PlannedResource> resource(String urn) {
            return Optional.ofNullable(byUrn.get(urn));
        }

        /** The nearest component resource above {@code r}, as {@code <type> <name>}, or {@code stack}. */
        String componentOf(PlannedResource r) {
            PlannedResource parent = byUrn.get(r.parent());
            while (parent != null && parent.custom()) {
                parent = byUrn.get(parent.parent());
            }
            if (parent == null || parent.type().equals("pulumi:pulumi:Stack")) {
                return "stack";
            }
            return parent.type() + " " + parent.name();
        }
    }

    /** Collects the charges of one resource; a charge whose price the book lacks becomes an unpriced part. */
    public static final class LineBuilder {
        private final PlannedResource resource;
        private final String component;
        private final String region;
        private final PriceBook book;
        private final CostSettings cost;
        private final List<Charge> charges = new ArrayList<>();
        private final List<String> unpriced = new ArrayList<>();
        private String label;

        LineBuilder(PlannedResource resource, String component, String region, PriceBook book, CostSettings cost) {
            this.resource = resource;
            this.component = component;
            this.region = region;
            this.book = book;
            this.cost = cost;
            this.label = resource.name();
        }

        public String region() {
            return region;
        }

        public LineBuilder label(String text) {
            this.label = text;
            return this;
        }

        /** {@code quantity} units of the price {@code key} in the resource's region. */
        public void fixed(String what, double quantity, String key) {
            fixedIn(region, what, quantity, key);
        }

        /** The same, priced in another region's table (CloudFront and WAF for CloudFront bill through us-east-1). */
        public void fixedIn(String priceRegion, String what, double quantity, String key) {
            add(priceRegion, what, quantity, key, Optional.empty());
        }

        /** {@code perUnit} units of price {@code key} for every unit of the usage assumption. */
        public void usage(String what, UsageAssumption assumption, double perUnit, String key) {
            usageIn(region, what, assumption, perUnit, key);
        }

        public void usageIn(String priceRegion, String what, UsageAssumption assumption, double perUnit, String key) {
            add(priceRegion, what, cost.usage(assumption) * perUnit, key, Optional.of(assumption));
        }

        /** A quantity derived from a usage assumption some other way than in proportion (e.g. beyond a free amount). */
        public void usageQuantity(String what, UsageAssumption assumption, double quantity, String key) {
            add(region, what, quantity, key, Optional.of(assumption));
        }

        /** Something this resource costs on AWS that the estimate does not price. */
        public void unpriced(String why) {
            unpriced.add(why);
        }

        private void add(String priceRegion, String what, double quantity, String key, Optional<UsageAssumption> usage) {
            Optional<Price> price = book.find(priceRegion, key);
            if (price.isEmpty()) {
                unpriced.add(what + ": no price '" + key + "' for " + priceRegion
                        + " (add a row with its source to cost/Prices.java)");
                return;
            }
            charges.add(new Charge(what, quantity, price.get(), usage));
        }

        boolean hasContent() {
            return !charges.isEmpty() || !unpriced.isEmpty();
        }

        CostLine build() {
            return new CostLine(resource.urn(), resource.type(), resource.name(), component, label, charges, unpriced);
        }
    }
}
