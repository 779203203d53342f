package com.sessionconsole.killsession.rules;

import com.sessionconsole.fleet.KillMode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a rules file ({@code rules.yaml} beside the inventory) as strictly as the inventory: every problem is
 * refused with the file, the line and the field, unknown keys included. The format is in docs/rules.md.
 */
public final class RulesFile {
    public static final String FILE_NAME = "rules.yaml";
    /** Hundreds of rules take a few KiB; a file far beyond that is not a rules file. */
    static final int MAX_BYTES = 1024 * 1024;
    private static final Set<String> TOP_KEYS = Set.of("maxWatchTime", "rules");
    private static final Set<String> RULE_KEYS = Set.of("name", "scope", "match", "ignore", "kill", "victims", "cap");
    private static final Set<String> SCOPE_KEYS = Set.of("instances", "shards");
    private static final Set<String> MATCH_KEYS = Set.of("user", "host", "db", "command", "state", "info",
            "fingerprint", "busyTime", "idleTime", "trxAge", "rowsModified", "blocksOthers", "waitsOnLock");
    private static final Set<String> IGNORE_KEYS = Set.of("user", "host", "db");

    private final Path file;

    private RulesFile(Path file) {
        this.file = file;
    }

    /** The rules file of an inventory: {@code rules.yaml} in the same folder. */
    public static Path beside(Path inventory) {
        Path dir = inventory.toAbsolutePath().getParent();
        return dir == null ? Path.of(FILE_NAME) : dir.resolve(FILE_NAME);
    }

    /** Loads a rules file; a file that does not exist is an empty book. */
    public static RuleBook load(Path file) throws RulesFileException {
        String text;
        try {
            BasicFileAttributes stat = Files.readAttributes(file, BasicFileAttributes.class);
            if (!stat.isRegularFile()) {
                throw new RulesFileException(file, 0, null, "not a regular file (a FIFO or a device would hang the"
                        + " console)");
            }
            if (stat.size() > MAX_BYTES) {
                throw new RulesFileException(file, 0, null, "is " + stat.size() + " bytes; a rules file is at most "
                        + MAX_BYTES / 1024 + " KiB");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return RuleBook.EMPTY;
        } catch (IOException e) {
            throw new RulesFileException(file, 0, null, "cannot read: " + e.getMessage());
        }
        return parse(file, text);
    }

    /** Parses rules text; {@code source} only names it in messages. */
    public static RuleBook parse(Path source, String text) throws RulesFileException {
        if (text.length() > MAX_BYTES) {
            throw new RulesFileException(source, 0, null, "is over " + MAX_BYTES / 1024 + " KiB");
        }
        return new RulesFile(source).book(text);
    }

    /** One rule's YAML (a mapping as in the file's list), as the window keeps its draft. */
    public static Rule parseRule(Path source, String text) throws RulesFileException {
        RulesFile reader = new RulesFile(source);
        Node root = reader.compose(text);
        if (root == null) {
            throw new RulesFileException(source, 0, null, "empty");
        }
        return reader.rule(root, "rule", false);
    }

    private Node compose(String text) throws RulesFileException {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setNestingDepthLimit(20);
            options.setCodePointLimit(MAX_BYTES);
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new RulesFileException(file, line, null, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new RulesFileException(file, 0, null, "not valid YAML: " + e.getMessage());
        }
    }

    private RuleBook book(String text) throws RulesFileException {
        Node root = compose(text);
        if (root == null) {
            return RuleBook.EMPTY;
        }
        Map<String, Node> top = mapping(root, "", TOP_KEYS);
        Duration max = top.containsKey("maxWatchTime")
                ? value(top.get("maxWatchTime"), "maxWatchTime", Seconds::parse) : null;
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        Node list = top.get("rules");
        if (list != null) {
            if (!(list instanceof SequenceNode)) {
                throw error(list, "rules", "must be a list of rules");
            }
            List<Node> items = ((SequenceNode) list).getValue();
            for (int i = 0; i < items.size(); i++) {
                Rule rule = rule(items.get(i), "rules[" + i + "]", true);
                Integer first = lines.putIfAbsent(rule.name(), line(items.get(i)));
                if (first != null) {
                    throw error(items.get(i), "rules[" + i + "].name", "a second rule named '" + rule.name()
                            + "' (the first is at line " + first + ")");
                }
                rules.add(rule);
            }
        }
        try {
            return new RuleBook(rules, max);
        } catch (IllegalArgumentException e) {
            throw error(top.getOrDefault("maxWatchTime", root), "maxWatchTime", problem(e));
        }
    }

    private Rule rule(Node node, String path, boolean named) throws RulesFileException {
        Map<String, Node> fields = mapping(node, path, RULE_KEYS);
        String name = fields.containsKey("name") ? scalar(fields.get("name"), path + ".name") : null;
        if (named && (name == null || name.isBlank())) {
            throw error(node, path + ".name", "missing (every saved rule has a name)");
        }
        Map<String, Node> scope = fields.containsKey("scope") ? mapping(fields.get("scope"), path + ".scope", SCOPE_KEYS)
                : Map.of();
        Map<String, Node> match = fields.containsKey("match") ? mapping(fields.get("match"), path + ".match", MATCH_KEYS)
                : Map.of();
        Map<String, Node> ignore = fields.containsKey("ignore")
                ? mapping(fields.get("ignore"), path + ".ignore", IGNORE_KEYS) : Map.of();
        String m = path + ".match.";
        String i = path + ".ignore.";
        try {
            Conditions conditions = new Conditions(strings(match, m + "user"), hosts(match, m + "host"),
                    strings(match, m + "db"), strings(match, m + "command"), strings(match, m + "state"),
                    one(match, m + "info", StatementPattern::of), one(match, m + "fingerprint", Function.identity()),
                    one(match, m + "busyTime", Seconds::wholeSeconds), one(match, m + "idleTime", Seconds::wholeSeconds),
                    one(match, m + "trxAge", Seconds::wholeSeconds), one(match, m + "rowsModified", RulesFile::count),
                    flag(match, m + "blocksOthers"), flag(match, m + "waitsOnLock"), strings(ignore, i + "user"),
                    hosts(ignore, i + "host"), strings(ignore, i + "db"));
            RuleScope where = new RuleScope(strings(scope, path + ".scope.instances"),
                    strings(scope, path + ".scope.shards"));
            KillMode mode = one(fields, path + ".kill", RulesFile::mode);
            Victims victims = one(fields, path + ".victims", Victims::parse);
            Integer cap = one(fields, path + ".cap", text -> (int) count(text));
            return new Rule(name, where, conditions, new RuleAction(mode, victims,
                    cap == null ? RuleAction.DEFAULT_CAP : cap));
        } catch (IllegalArgumentException e) {
            // A rule's own check ("match: ...", "cap: ..."): point at the field it names, or at the rule.
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String field = colon > 0 ? message.substring(0, colon) : "";
            Node at = match.containsKey(field) ? match.get(field) : fields.getOrDefault(field, node);
            String where = match.containsKey(field) ? path + ".match." + field : path + "." + (field.isEmpty() ? "match" : field);
            throw error(at, where, colon > 0 ? message.substring(colon + 2) : message);
        }
    }

    private static KillMode mode(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "connection" -> KillMode.CONNECTION;
            case "query" -> KillMode.QUERY;
            default -> throw new IllegalArgumentException("'" + text + "' (expected connection or query)");
        };
    }

    static long count(String text) {
        try {
            long value = Long.parseLong(text.strip().replace("_", "").replace(",", ""));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a count (0 or more)");
    }

    private <T> T one(Map<String, Node> fields, String path, Function<String, T> convert) throws RulesFileException {
        Node node = fields.get(key(path));
        return node == null ? null : value(node, path, convert);
    }

    private <T> T value(Node node, String path, Function<String, T> convert) throws RulesFileException {
        String text = scalar(node, path);
        try {
            return convert.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(node, path, problem(e));
        }
    }

    private boolean flag(Map<String, Node> fields, String path) throws RulesFileException {
        Boolean value = one(fields, path, text -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' (expected true or false)");
        });
        return value != null && value;
    }

    private List<String> strings(Map<String, Node> fields, String path) throws RulesFileException {
        Node node = fields.get(key(path));
        if (node == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        List<Node> items = node instanceof SequenceNode ? ((SequenceNode) node).getValue() : List.of(node);
        for (Node item : items) {
            String text = scalar(item, path);
            if (text.isBlank()) {
                throw error(item, path, "an empty value");
            }
            values.add(text.strip());
        }
        return values;
    }

    private List<HostPattern> hosts(Map<String, Node> fields, String path) throws RulesFileException {
        Node node = fields.get(key(path));
        List<HostPattern> hosts = new ArrayList<>();
        List<Node> items = node == null ? List.of() : node instanceof SequenceNode ? ((SequenceNode) node).getValue()
                : List.of(node);
        for (Node item : items) {
            hosts.add(value(item, path, HostPattern::new));
        }
        return hosts;
    }

    private Map<String, Node> mapping(Node node, String path, Set<String> allowed) throws RulesFileException {
        if (!(node instanceof MappingNode)) {
            throw error(node, path.isEmpty() ? "(top level)" : path, "must be a mapping of key: value");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode(), path);
            String where = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), where, "unknown field (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), where, "given twice");
            }
        }
        return fields;
    }

    private String scalar(Node node, String path) throws RulesFileException {
        if (!(node instanceof ScalarNode)) {
            throw error(node, path, "must be a single value");
        }
        return ((ScalarNode) node).getValue();
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String problem(IllegalArgumentException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        // "cap: 0 (1 to ...)" names its own field, which the location already names.
        return colon > 0 && !message.startsWith("'") && message.substring(0, colon).matches("[A-Za-z]+")
                ? message.substring(colon + 2) : message;
    }

    private RulesFileException error(Node node, String field, String problem) {
        return new RulesFileException(file, node == null ? 0 : line(node), field, problem);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
