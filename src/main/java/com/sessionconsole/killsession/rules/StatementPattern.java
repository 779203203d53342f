package com.sessionconsole.killsession.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A rule's statement pattern, found anywhere in the statement as pt-kill's {@code --match-info} does, and
 * case-sensitive unless it starts with {@code (?i)}. It runs in RE2/J, whose time grows linearly with the
 * statement whatever the pattern: a pattern that backtracks without end under java.util.regex cannot hang a
 * round here. RE2 has no backreferences or lookaround; such a pattern is refused when the rule is made.
 */
public record StatementPattern(String source, Pattern compiled) {

    public static StatementPattern of(String source) {
        if (source == null || source.isEmpty()) {
            throw new IllegalArgumentException("an empty pattern");
        }
        try {
            return new StatementPattern(source, Pattern.compile(source, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + source + "' is not a pattern RE2 accepts: "
                    + e.getDescription() + " (no backreferences or lookaround)");
        }
    }

    public boolean foundIn(String statement) {
        return statement != null && compiled.matcher(statement).find();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StatementPattern && ((StatementPattern) other).source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
