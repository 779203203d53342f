package com.sessionconsole.fleet.inventory;

import com.sessionconsole.common.FilePermissions;
import com.sessionconsole.fleet.InstanceKind;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
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
    private static final Set<String> TOP_KEYS = Set.of("instances", "settings");
    private static final Set<String> MYSQL_KEYS = Set.of("id", "name", "kind", "region", "shards", "tags");
    private static final Set<String> CREDENTIAL_KEYS = Set.of("secretId", "secretIdEnv", "secretIdFile", "secretKey",
            "secretKeyEnv", "secretKeyFile", "profile", "profileFile");
    private static final Set<String> DCDB_KEYS = union(CREDENTIAL_KEYS, "id", "name", "kind", "region", "endpoint",
            "protocol", "nodeId", "rateLimit", "tags");
    private static final Set<String> ACCOUNT_KEYS = union(CREDENTIAL_KEYS, "id", "name", "kind", "regions", "endpoint",
            "protocol", "filter", "rateLimit", "rediscoverSeconds");
    private static final Set<String> FILTER_KEYS = Set.of("instanceIds", "name", "tags");
    private static final Set<String> SHARD_KEYS = Set.of("shardId", "shardSerialId", "host", "port", "user",
            "password", "passwordEnv", "passwordFile", "tls");

    /** An inventory of 10,000 shards takes about 2 MB; a file far beyond that is not an inventory. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private final Path file;
    private final YamlFields yaml;
    private final List<String> warnings = new ArrayList<>();

    private InventoryLoader(Path file, boolean checkSecrets) {
        this.file = file;
        this.yaml = new YamlFields(file, checkSecrets);
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
        if (loader.yaml.plainSecrets() && FilePermissions.readableByOthers(file)) {
            loader.warnings.add(file + ": holds a plain password or secret key but is readable by group or others;"
                    + " run: chmod 600 " + file + " (or use passwordEnv / passwordFile, secretKeyEnv / secretKeyFile)");
        }
        return new Inventory(file, inventory.instances(), loader.warnings, inventory.settings());
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
        Map<String, Node> top = yaml.mapping(root, "", TOP_KEYS);
        Settings settings = new SettingsParser(yaml).parse(top.get("settings"));
        Node list = top.get("instances");
        if (list == null) {
            return new Inventory(file, List.of(), warnings, settings);
        }
        if (!(list instanceof SequenceNode)) {
            throw yaml.error(list, "instances", "must be a list of instances");
        }
        List<InstanceConfig> instances = new ArrayList<>();
        Map<String, Node> seenIds = new LinkedHashMap<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            String path = "instances[" + i + "]";
            InstanceConfig instance = instance(items.get(i), path);
            Node previous = seenIds.putIfAbsent(instance.id(), items.get(i));
            if (previous != null) {
                throw yaml.error(yaml.mapping(items.get(i), path, null).get("id"), path + ".id", "duplicate instance id '"
                        + instance.id() + "' (first at line " + YamlFields.line(previous) + ")");
            }
            instances.add(instance);
        }
        return new Inventory(file, instances, warnings, settings);
    }

    private InstanceConfig instance(Node node, String path) throws InventoryException {
        Map<String, Node> fields = yaml.mapping(node, path, null);
        String kindText = yaml.required(fields, node, path, "kind");
        InstanceKind kind;
        try {
            kind = InstanceKind.fromYaml(kindText);
        } catch (IllegalArgumentException e) {
            throw yaml.error(fields.get("kind"), path + ".kind", e.getMessage());
        }
        yaml.checkKeys(fields, path, kind == InstanceKind.MYSQL ? MYSQL_KEYS
                : kind == InstanceKind.DCDB ? DCDB_KEYS : ACCOUNT_KEYS);
        String id = yaml.required(fields, node, path, "id");
        String name = yaml.optional(fields, path, "name");
        if (kind == InstanceKind.DCDB_ACCOUNT) {
            return account(fields, node, path, id, name);
        }
        String region = yaml.optional(fields, path, "region");
        Map<String, String> tags = yaml.stringMap(fields, path, "tags");
        if (kind == InstanceKind.MYSQL) {
            List<ShardConfig> shards = shards(fields, node, path);
            return yaml.build(fields, node, path, "id",
                    () -> new InstanceConfig(id, name, kind, region, shards, null, null, tags));
        }
        if (region == null) {
            throw yaml.error(node, path + ".region", "required for an instance of kind dcdb");
        }
        DcdbEndpoint endpoint = endpoint(fields, node, path, region, yaml.optional(fields, path, "nodeId"));
        return yaml.build(fields, node, path, "id",
                () -> new InstanceConfig(id, name, kind, region, List.of(), endpoint, null, tags));
    }

    private InstanceConfig account(Map<String, Node> fields, Node node, String path, String id, String name)
            throws InventoryException {
        List<String> regions = yaml.stringList(fields, node, path, "regions");
        if (regions == null) {
            throw yaml.error(node, path + ".regions", "required for an entry of kind dcdb-account (e.g. [ap-guangzhou])");
        }
        Node filterNode = fields.get("filter");
        DiscoveryFilter filter = DiscoveryFilter.NONE;
        if (filterNode != null) {
            String filterPath = path + ".filter";
            Map<String, Node> filterFields = yaml.mapping(filterNode, filterPath, FILTER_KEYS);
            List<String> ids = yaml.stringList(filterFields, filterNode, filterPath, "instanceIds");
            String text = yaml.optional(filterFields, filterPath, "name");
            Map<String, String> tags = yaml.stringMap(filterFields, filterPath, "tags");
            filter = yaml.build(filterFields, filterNode, filterPath, "instanceIds",
                    () -> new DiscoveryFilter(ids, text, tags));
        }
        long seconds = yaml.number(fields, path, "rediscoverSeconds", DcdbAccount.MIN_REDISCOVER.toSeconds(),
                DcdbAccount.MAX_REDISCOVER.toSeconds(), DcdbAccount.DEFAULT_REDISCOVER.toSeconds());
        DiscoveryFilter chosen = filter;
        DcdbAccount account = yaml.build(fields, node, path, "regions",
                () -> new DcdbAccount(regions, chosen, Duration.ofSeconds(seconds)));
        DcdbEndpoint endpoint = endpoint(fields, node, path, account.regions().get(0), null);
        return yaml.build(fields, node, path, "id", () -> InstanceConfig.account(id, name, endpoint, account));
    }

    /** The API endpoint, protocol, credentials and rate limit of a cloud entry. */
    private DcdbEndpoint endpoint(Map<String, Node> fields, Node node, String path, String region, String nodeId)
            throws InventoryException {
        String protocol = yaml.optional(fields, path, "protocol");
        if (protocol != null && !protocol.equals("http") && !protocol.equals("https")) {
            throw yaml.error(fields.get("protocol"), path + ".protocol", "'" + protocol + "' (expected http or https)");
        }
        Secret secretId = yaml.secret(fields, path, "secretId", "secretIdEnv", "secretIdFile", false);
        Secret secretKey = yaml.secret(fields, path, "secretKey", "secretKeyEnv", "secretKeyFile", true);
        String profile = yaml.optional(fields, path, "profile");
        String profileFile = yaml.optional(fields, path, "profileFile");
        CloudCredentials credentials = yaml.build(fields, node, path, "secretKey",
                () -> new CloudCredentials(secretId, secretKey, profile, profileFile));
        int rateLimit = (int) yaml.number(fields, path, "rateLimit", 1, DcdbEndpoint.MAX_RATE_LIMIT,
                DcdbEndpoint.DEFAULT_RATE_LIMIT);
        String endpoint = yaml.optional(fields, path, "endpoint");
        return yaml.build(fields, node, path, "endpoint", () -> new DcdbEndpoint(endpoint, !"http".equals(protocol),
                region, credentials, nodeId, rateLimit));
    }

    private List<ShardConfig> shards(Map<String, Node> fields, Node owner, String path) throws InventoryException {
        Node list = fields.get("shards");
        if (list == null) {
            throw yaml.error(owner, path + ".shards", "required for an instance of kind mysql");
        }
        if (!(list instanceof SequenceNode) || ((SequenceNode) list).getValue().isEmpty()) {
            throw yaml.error(list, path + ".shards", "must be a non-empty list of shards");
        }
        List<ShardConfig> shards = new ArrayList<>();
        Set<String> shardIds = new HashSet<>();
        Set<String> serialIds = new HashSet<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            String shardPath = path + ".shards[" + i + "]";
            Node node = items.get(i);
            Map<String, Node> shard = yaml.mapping(node, shardPath, SHARD_KEYS);
            String shardId = yaml.required(shard, node, shardPath, "shardId");
            String serialId = yaml.required(shard, node, shardPath, "shardSerialId");
            String host = yaml.required(shard, node, shardPath, "host");
            String user = yaml.required(shard, node, shardPath, "user");
            int port = yaml.port(shard, node, shardPath);
            Secret password = yaml.secret(shard, shardPath, "password", "passwordEnv", "passwordFile");
            TlsMode tls = tls(shard, shardPath);
            if (!shardIds.add(shardId)) {
                throw yaml.error(shard.get("shardId"), shardPath + ".shardId", "duplicate shardId '" + shardId + "'");
            }
            if (!serialIds.add(serialId)) {
                throw yaml.error(shard.get("shardSerialId"), shardPath + ".shardSerialId",
                        "duplicate shardSerialId '" + serialId + "'");
            }
            shards.add(yaml.build(shard, node, shardPath, "shardId",
                    () -> new ShardConfig(shardId, serialId, host, port, user, password, tls)));
        }
        return shards;
    }

    private TlsMode tls(Map<String, Node> shard, String path) throws InventoryException {
        String text = yaml.optional(shard, path, "tls");
        if (text == null) {
            return TlsMode.PREFERRED;
        }
        TlsMode mode = TlsMode.ofYaml(text);
        if (mode == null) {
            throw yaml.error(shard.get("tls"), path + ".tls", "'" + text + "' (expected preferred, required or disabled)");
        }
        return mode;
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
