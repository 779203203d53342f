package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.FleetLockChains;
import com.sessionconsole.killsession.LockChain;
import com.sessionconsole.killsession.LockNode;
import com.sessionconsole.killsession.ShardLockChains;

import java.io.PrintWriter;
import java.util.Map;

/** {@code list --locks}: each shard's lock chains as an indented tree, or as JSON. */
final class LockChainPrinter {
    private LockChainPrinter() {
    }

    static void printTree(PrintWriter out, PrintWriter err, FleetLockChains locks) {
        int chains = 0;
        for (ShardLockChains shard : locks.shards()) {
            if (!shard.ok()) {
                continue;
            }
            String where = shard.shard().instanceId() + "/" + shard.shard().shardId();
            if (shard.unavailable() != null) {
                out.println(where + ": " + shard.unavailable());
                continue;
            }
            if (shard.chains().isEmpty()) {
                out.println(where + ": no lock waits");
                continue;
            }
            chains += shard.chains().size();
            out.println(where + ": " + shard.chains().size() + (shard.chains().size() == 1 ? " chain" : " chains")
                    + "  (" + String.join("; ", shard.sources()) + ")");
            Table table = new Table(60, "SESSION", "CHAIN", "FREES", "WAIT_S", "WAITS_FOR", "TRX_AGE", "USER@HOST",
                    "COMMAND", "STATEMENT");
            for (LockChain chain : shard.chains()) {
                node(table, chain, chain.root(), 0);
            }
            table.print(out);
            out.println();
        }
        out.printf("%d %s on %d %s, read in %d ms%n", chains, chains == 1 ? "chain" : "chains", locks.shards().size(),
                locks.shards().size() == 1 ? "shard" : "shards", locks.took().toMillis());
        for (Map.Entry<String, String> error : locks.instanceErrors().entrySet()) {
            err.println("error: FailedOperation.OssOperationFailed: instance " + error.getKey() + ": " + error.getValue());
        }
        for (ShardLockChains shard : locks.shards()) {
            if (!shard.ok()) {
                err.println("error: FailedOperation.OssOperationFailed: " + shard.shard().instanceId() + "/"
                        + shard.shard().shardId() + ": " + shard.error());
            }
        }
    }

    private static void node(Table table, LockChain chain, LockNode node, int depth) {
        Session s = node.session();
        LockWait wait = node.lockWait();
        String chainText = depth > 0 ? "" : chainWords(chain);
        String waitsFor = wait == null ? "" : wait.describe() + (wait.blockerId() == null ? " (holder not named)" : "")
                + (node.alsoWaitsFor().isEmpty() ? "" : "; also waits for " + node.alsoWaitsFor());
        table.indentedRow(depth, node.sessionId(), chainText, depth == 0 && chain.kind() == LockChain.Kind.ROOT_BLOCKER
                        ? chain.frees() : "", node.waitSeconds(), waitsFor,
                node.transactionAge() == null ? "" : node.transactionAge() + "s",
                s == null ? "(not in the process list)" : s.user() + "@" + s.host(), s == null ? "" : s.command(),
                s == null ? "" : s.statementOneLine());
        for (LockNode waiter : node.waiters()) {
            node(table, chain, waiter, depth + 1);
        }
    }

    private static String chainWords(LockChain chain) {
        switch (chain.kind()) {
            case ROOT_BLOCKER:
                return chain.root().session() != null && chain.root().session().isProtected() ? "root (protected)"
                        : "root blocker";
            case DEADLOCK:
                return "deadlock";
            default:
                return "holder unknown";
        }
    }

    static void printJson(PrintWriter out, FleetLockChains locks) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("readAt", locks.readAt().toString());
        root.put("tookMillis", locks.took().toMillis());
        ArrayNode shards = root.putArray("shards");
        for (ShardLockChains shard : locks.shards()) {
            ObjectNode item = shards.addObject();
            item.put("instanceId", shard.shard().instanceId());
            item.put("shardId", shard.shard().shardId());
            item.put("shardSerialId", shard.shard().shardSerialId());
            shard.sources().forEach(item.putArray("sources")::add);
            item.put("unavailable", shard.unavailable());
            item.put("error", shard.error());
            ArrayNode chains = item.putArray("chains");
            for (LockChain chain : shard.chains()) {
                ObjectNode c = chains.addObject();
                c.put("kind", chain.kind().name());
                c.put("frees", chain.frees());
                c.put("waiting", chain.waiting());
                node(c.putObject("root"), chain.root());
            }
        }
        locks.instanceErrors().forEach((id, error) -> shards.addObject().put("instanceId", id).put("error", error));
        out.println(Json.MAPPER.writeValueAsString(root));
    }

    private static void node(ObjectNode item, LockNode node) {
        item.put("sessionId", node.sessionId());
        Session s = node.session();
        if (s != null) {
            item.put("user", s.user());
            item.put("host", s.host());
            item.put("db", s.db());
            item.put("command", s.command());
            item.put("timeSeconds", s.timeSeconds());
            item.put("state", s.state());
            item.put("statement", s.statement());
            item.put("protectedReason", s.protectedReason());
        }
        item.put("transactionAgeSeconds", node.transactionAge());
        LockWait wait = node.lockWait();
        if (wait != null) {
            ObjectNode w = item.putObject("waitsFor");
            w.put("sessionId", wait.blockerId());
            w.put("kind", wait.kind().name());
            w.put("mode", wait.mode());
            w.put("object", wait.lockObject());
            w.put("waitSeconds", wait.waitSeconds());
        }
        node.alsoWaitsFor().forEach(item.putArray("alsoWaitsFor")::add);
        ArrayNode waiters = item.putArray("waiters");
        node.waiters().forEach(w -> node(waiters.addObject(), w));
    }
}
