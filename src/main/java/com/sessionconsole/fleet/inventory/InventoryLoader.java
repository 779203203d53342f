package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.InstanceKind;
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
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an inventory file strictly: every problem is refused with the file, the line and the field, unknown
 * keys included (a misspelt {@code passwordEnv} must not silently become "no password").
 */
public final class InventoryLoader {
    private static final Set<String> TOP_KEYS = Set.of("instances");
    private static final Set<String> MYSQL_KEYS = Set.of("id", "name", "kind", "region", "shards");
    private static final Set<String> DCDB_KEYS = Set.of("id", "name", "kind", "region", "endpoint", "protocol",
            "secretIdEnv", "secretIdFile", "secretKeyEnv", "secretKeyFile", "nodeId");
    private static final Set<String> SHARD_KEYS = Set.of("shardId", "shardSerialId", "host", "port", "user",
            "password", "passwordEnv", "passwordFile");

    /** An inventory of 10,000 shards takes about 2 MB; a file far beyond that is not an inventory. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final Path file;
    private final boolean checkSecrets;
    private final List<String> warnings = new ArrayList<>();
    private boolean plainSecrets;

    private InventoryLoader(Path file, boolean checkSecrets) {
        this.file = file;
        this.checkSecrets = checkSecrets;
    }

    /**
     * Loads an inventory file. Beyond its shape, every password and secret source must be usable now: an
     * environment variable set, a file that is a readable regular file.
     */
    public static Inventory load(Path file) throws InventoryException {
        String text;
        try {
            BasicFileAttributes stat = Files.readAttributes(file, BasicFileAttributes.class);
            if (!stat.isRegularFile()) {
                throw new InventoryException(file, 0, null, "not a regular file (a FIFO or a device would hang"
                        + " the console)");
            }
            if (stat.size() > MAX_BYTES) {
                throw new InventoryException(file, 0, null, "is " + stat.size() + " bytes; an inventory is at most "
                        + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InventoryException(file, 0, null, "no such file");
        } catch (IOException e) {
            throw new InventoryException(file, 0, null, "cannot read: " + e.getMessage());
        }
        InventoryLoader loader = new InventoryLoader(file, true);
        Inventory inventory = loader.parse(new StringReader(text));
        if (loader.plainSecrets && readableByOthers(file)) {
            loader.warnings.add(file + ": holds a plain password but is readable by group or others;"
                    + " run: chmod 600 " + file + " (or use passwordEnv / passwordFile)");
        }
        return new Inventory(file, inventory.instances(), loader.warnings);
    }

    /**
     * Parses inventory text; {@code source} only names it in messages. Secret sources are checked for their
     * shape only (an inventory may be written for a machine where the variables are set).
     */
    public static Inventory parse(Path source, String text) throws InventoryException {
        if (text.length() > MAX_BYTES) {
            throw new InventoryException(source, 0, null, "is over " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        return new InventoryLoader(source, false).parse(new StringReader(text));
    }

    private Inventory parse(Reader reader) throws InventoryException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setNestingDepthLimit(20);
            options.setCodePointLimit(MAX_BYTES);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InventoryException(file, line, null, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InventoryException(file, 0, null, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return new Inventory(file, List.of(), warnings);
        }
        Map<String, Node> top = mapping(root, "", TOP_KEYS);
        Node list = top.get("instances");
        if (list == null) {
            return new Inventory(file, List.of(), warnings);
        }
        if (!(list instanceof SequenceNode)) {
            throw error(list, "instances", "must be a list of instances");
        }
        List<InstanceConfig> instances = new ArrayList<>();
        Map<String, Node> seenIds = new LinkedHashMap<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            String path = "instances[" + i + "]";
            InstanceConfig instance = instance(items.get(i), path);
            Node previous = seenIds.putIfAbsent(instance.id(), items.get(i));
            if (previous != null) {
                throw error(mapping(items.get(i), path, null).get("id"), path + ".id", "duplicate instance id '"
                        + instance.id() + "' (first at line " + line(previous) + ")");
            }
            instances.add(instance);
        }
        return new Inventory(file, instances, warnings);
    }

    private InstanceConfig instance(Node node, String path) throws InventoryException {
        Map<String, Node> fields = mapping(node, path, null);
        String kindText = required(fields, node, path, "kind");
        InstanceKind kind;
        try {
            kind = InstanceKind.fromYaml(kindText);
        } catch (IllegalArgumentException e) {
            throw error(fields.get("kind"), path + ".kind", e.getMessage());
        }
        checkKeys(fields, path, kind == InstanceKind.MYSQL ? MYSQL_KEYS : DCDB_KEYS);
        String id = required(fields, node, path, "id");
        String name = optional(fields, path, "name");
        String region = optional(fields, path, "region");
        return build(fields, node, path, "id", () -> {
            if (kind == InstanceKind.MYSQL) {
                return new InstanceConfig(id, name, kind, region, shards(fields, node, path), null);
            }
            if (region == null) {
                throw error(node, path + ".region", "required for an instance of kind dcdb");
            }
            String protocol = optional(fields, path, "protocol");
            if (protocol != null && !protocol.equals("http") && !protocol.equals("https")) {
                throw error(fields.get("protocol"), path + ".protocol", "'" + protocol + "' (expected http or https)");
            }
            Secret secretId = secret(fields, path, null, "secretIdEnv", "secretIdFile");
            Secret secretKey = secret(fields, path, null, "secretKeyEnv", "secretKeyFile");
            if ((secretId.source() == Secret.Source.NONE) != (secretKey.source() == Secret.Source.NONE)) {
                throw error(node, path + ".secretKeyEnv", "give both the SecretId and the SecretKey reference, or"
                        + " neither (then TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY or the profile file)");
            }
            DcdbEndpoint endpoint = new DcdbEndpoint(optional(fields, path, "endpoint"), !"http".equals(protocol),
                    region, secretId, secretKey, optional(fields, path, "nodeId"));
            return new InstanceConfig(id, name, kind, region, List.of(), endpoint);
        });
    }

    private List<ShardConfig> shards(Map<String, Node> fields, Node owner, String path) throws InventoryException {
        Node list = fields.get("shards");
        if (list == null) {
            throw error(owner, path + ".shards", "required for an instance of kind mysql");
        }
        if (!(list instanceof SequenceNode) || ((SequenceNode) list).getValue().isEmpty()) {
            throw error(list, path + ".shards", "must be a non-empty list of shards");
        }
        List<ShardConfig> shards = new ArrayList<>();
        Set<String> shardIds = new HashSet<>();
        Set<String> serialIds = new HashSet<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            String shardPath = path + ".shards[" + i + "]";
            Node node = items.get(i);
            Map<String, Node> shard = mapping(node, shardPath, SHARD_KEYS);
            String shardId = required(shard, node, shardPath, "shardId");
            String serialId = required(shard, node, shardPath, "shardSerialId");
            String host = required(shard, node, shardPath, "host");
            String user = required(shard, node, shardPath, "user");
            int port = port(shard, node, shardPath);
            Secret password = secret(shard, shardPath, "password", "passwordEnv", "passwordFile");
            if (!shardIds.add(shardId)) {
                throw error(shard.get("shardId"), shardPath + ".shardId", "duplicate shardId '" + shardId + "'");
            }
            if (!serialIds.add(serialId)) {
                throw error(shard.get("shardSerialId"), shardPath + ".shardSerialId",
                        "duplicate shardSerialId '" + serialId + "'");
            }
            shards.add(build(shard, node, shardPath, "shardId",
                    () -> new ShardConfig(shardId, serialId, host, port, user, password)));
        }
        return shards;
    }

    private int port(Map<String, Node> fields, Node owner, String path) throws InventoryException {
        String text = required(fields, owner, path, "port");
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(fields.get("port"), path + ".port", "'" + text + "' is not a TCP port (1-65535)");
    }

    private Secret secret(Map<String, Node> fields, String path, String plainKey, String envKey, String fileKey)
            throws InventoryException {
        List<String> given = new ArrayList<>();
        for (String key : new String[] {plainKey, envKey, fileKey}) {
            if (key != null && fields.containsKey(key)) {
                given.add(key);
            }
        }
        if (given.size() > 1) {
            throw error(fields.get(given.get(1)), path + "." + given.get(1),
                    "give only one of " + String.join(", ", given));
        }
        if (given.isEmpty()) {
            return Secret.NONE;
        }
        String key = given.get(0);
        String value = scalar(fields.get(key), path + "." + key);
        if (key.equals(plainKey)) {
            plainSecrets = true;
            return Secret.plain(value);
        }
        if (value.isBlank()) {
            throw error(fields.get(key), path + "." + key, "must not be empty");
        }
        Secret secret = key.equals(envKey) ? Secret.env(value) : Secret.file(value);
        if (checkSecrets) {
            String problem = secret.problem();
            if (problem != null) {
                throw error(fields.get(key), path + "." + key, problem);
            }
        }
        return secret;
    }

    private interface Builder<T> {
        T build() throws InventoryException;
    }

    /** Runs a record constructor and turns its validation message into a located error. */
    private <T> T build(Map<String, Node> fields, Node owner, String path, String defaultField, Builder<T> builder)
            throws InventoryException {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String field = colon > 0 ? message.substring(0, colon) : defaultField;
            String problem = colon > 0 ? message.substring(colon + 2) : message;
            Node at = fields.getOrDefault(field, owner);
            throw error(at, path + "." + field, problem);
        }
    }

    private Map<String, Node> mapping(Node node, String path, Set<String> allowed) throws InventoryException {
        if (!(node instanceof MappingNode)) {
            throw error(node, path.isEmpty() ? "(top level)" : path, "must be a mapping of key: value");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode(), path);
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), join(path, key), "given twice");
            }
        }
        if (allowed != null) {
            checkKeys(fields, path, allowed);
        }
        return fields;
    }

    private void checkKeys(Map<String, Node> fields, String path, Set<String> allowed) throws InventoryException {
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            if (!allowed.contains(field.getKey())) {
                throw error(field.getValue(), join(path, field.getKey()), "unknown field (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String required(Map<String, Node> fields, Node owner, String path, String key) throws InventoryException {
        Node value = fields.get(key);
        if (value == null) {
            throw error(owner, join(path, key), "missing (required)");
        }
        String text = scalar(value, join(path, key));
        if (text.isBlank()) {
            throw error(value, join(path, key), "must not be empty");
        }
        return text;
    }

    private String optional(Map<String, Node> fields, String path, String key) throws InventoryException {
        Node value = fields.get(key);
        return value == null ? null : scalar(value, join(path, key));
    }

    private String scalar(Node node, String path) throws InventoryException {
        if (!(node instanceof ScalarNode)) {
            throw error(node, path, "must be a single value");
        }
        return ((ScalarNode) node).getValue();
    }

    private InventoryException error(Node node, String field, String problem) {
        return new InventoryException(file, node == null ? 0 : line(node), field, problem);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
