package com.sessionconsole.killsession.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The named rules of a fleet (its rules file), and the longest a watch may run there.
 *
 * @param maxWatchTime the longest run time a watch may be given; {@link Watch#DEFAULT_MAX_RUN_TIME} unless the
 *                     file says otherwise
 */
public record RuleBook(List<Rule> rules, Duration maxWatchTime) {
    public static final RuleBook EMPTY = new RuleBook(List.of(), Watch.DEFAULT_MAX_RUN_TIME);

    public RuleBook {
        rules = List.copyOf(rules);
        maxWatchTime = maxWatchTime == null ? Watch.DEFAULT_MAX_RUN_TIME : maxWatchTime;
        if (maxWatchTime.compareTo(Watch.MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("maxWatchTime: must be at least " + Seconds.format(Watch.MIN_INTERVAL));
        }
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (rule.name() == null) {
                throw new IllegalArgumentException("name: a saved rule needs a name");
            }
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("name: two rules are named '" + rule.name() + "'");
            }
        }
    }

    public Optional<Rule> find(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The book with this rule saved: it replaces the rule of the same name, or comes last. */
    public RuleBook with(Rule rule) {
        List<Rule> updated = new ArrayList<>(rules);
        int at = names().indexOf(rule.name());
        if (at >= 0) {
            updated.set(at, rule);
        } else {
            updated.add(rule);
        }
        return new RuleBook(updated, maxWatchTime);
    }

    public RuleBook without(String name) {
        return new RuleBook(rules.stream().filter(r -> !r.name().equals(name)).toList(), maxWatchTime);
    }

    public List<String> names() {
        return rules.stream().map(Rule::name).toList();
    }
}
