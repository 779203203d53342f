package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sessionconsole.fleet.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One DescribeProcessList filter: values of one filter are OR-ed, filters are AND-ed. {@code host} and
 * {@code info} match a prefix, {@code time} means "running longer than N seconds", the rest match exactly
 * ({@code command} and {@code state} ignoring case, as the server prints them in mixed case).
 */
record ProcessFilter(String name, List<String> values) {
    static final int MAX_FILTERS = 10;
    static final int MAX_VALUES = 50;
    private static final Set<String> NAMES = Set.of("id", "user", "host", "state", "db", "command", "info", "time");

    static List<ProcessFilter> parse(JsonNode filters) throws ApiError {
        List<ProcessFilter> parsed = new ArrayList<>();
        if (filters == null) {
            return parsed;
        }
        if (filters.size() > MAX_FILTERS) {
            throw ActionParameters.invalid("Filters", filters.size() + " filters given, at most " + MAX_FILTERS);
        }
        for (int i = 0; i < filters.size(); i++) {
            JsonNode filter = filters.get(i);
            String at = "Filters." + i;
            if (!filter.isObject()) {
                throw ActionParameters.invalid(at, "must be {Name, Values}");
            }
            for (java.util.Iterator<String> it = filter.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("Name") && !field.equals("Values")) {
                    throw new ApiError(ApiError.UNKNOWN_PARAMETER, at + "." + FormEncoding.printable(field)
                            + ": a filter has only Name and Values");
                }
            }
            JsonNode name = filter.get("Name");
            if (name == null || !name.isTextual() || !NAMES.contains(name.asText())) {
                throw ActionParameters.invalid(at + ".Name", "expected one of id, user, host, state, db, command, info, time");
            }
            JsonNode values = filter.get("Values");
            if (values == null || !values.isArray() || values.isEmpty()) {
                throw ActionParameters.invalid(at + ".Values", "must be a non-empty list");
            }
            if (values.size() > MAX_VALUES) {
                throw ActionParameters.invalid(at + ".Values", values.size() + " values given, at most " + MAX_VALUES);
            }
            List<String> texts = new ArrayList<>();
            for (int v = 0; v < values.size(); v++) {
                JsonNode value = values.get(v);
                if (!value.isTextual() && !value.isNumber()) {
                    throw ActionParameters.invalid(at + ".Values." + v, "must be a string");
                }
                texts.add(value.asText());
            }
            String filterName = name.asText();
            if (filterName.equals("time") && texts.size() != 1) {
                throw ActionParameters.invalid(at + ".Values", "the time filter takes exactly one value (seconds)");
            }
            if (filterName.equals("id") || filterName.equals("time")) {
                for (int v = 0; v < texts.size(); v++) {
                    ActionParameters.toLong(values.get(v), at + ".Values." + v);
                }
            }
            parsed.add(new ProcessFilter(filterName, List.copyOf(texts)));
        }
        return parsed;
    }

    boolean matches(Session session) {
        for (String value : values) {
            if (matchesOne(session, value)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesOne(Session session, String value) {
        switch (name) {
            case "id": return session.id() == Long.parseLong(value.strip());
            case "user": return value.equals(session.user());
            case "host": return session.host() != null && session.host().startsWith(value);
            case "state": return session.state() != null && session.state().toLowerCase(Locale.ROOT)
                    .equals(value.toLowerCase(Locale.ROOT));
            case "db": return value.equals(session.db());
            case "command": return session.command() != null && session.command().equalsIgnoreCase(value);
            case "info": return session.statement() != null && session.statement().startsWith(value);
            case "time": return session.timeSeconds() > Long.parseLong(value.strip());
            default: return false;
        }
    }
}
