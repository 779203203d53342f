package com.sessionconsole.killsession;

import com.sessionconsole.fleet.LockGraph;
import com.sessionconsole.fleet.LockWait;
import com.sessionconsole.fleet.Session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reduces a shard's waits-for graph to trees, one from each root blocker (a session that holds what others wait
 * for and waits for nobody), to any depth. A session waiting for two holders shows under each tree it belongs to.
 * A cycle of waits (a deadlock) becomes one tree from one of its members, shown once: nothing is followed twice.
 * Pure: no I/O.
 */
final class LockChains {
    private final Map<Long, Session> sessions = new HashMap<>();
    /** Waiter to the sessions it waits for, each with the wait. */
    private final Map<Long, Map<Long, LockWait>> blockers = new TreeMap<>();
    /** Waiters whose holder the server does not name, and who wait for no one named. */
    private final Map<Long, LockWait> holderUnknown = new TreeMap<>();
    /** Holder to the sessions waiting for it. */
    private final Map<Long, Set<Long>> waiters = new HashMap<>();

    private LockChains(LockGraph graph) {
        graph.sessions().forEach(s -> sessions.put(s.id(), s));
        for (LockWait wait : graph.waits()) {
            if (wait.blockerId() == null) {
                holderUnknown.putIfAbsent(wait.waiterId(), wait);
            } else if (wait.blockerId() != wait.waiterId()) {
                blockers.computeIfAbsent(wait.waiterId(), k -> new LinkedHashMap<>()).putIfAbsent(wait.blockerId(), wait);
                waiters.computeIfAbsent(wait.blockerId(), k -> new TreeSet<>()).add(wait.waiterId());
            }
        }
        holderUnknown.keySet().removeAll(blockers.keySet());
    }

    /** The chains of one shard: root blockers first (the one that frees most at the top), then the rest. */
    static List<LockChain> of(LockGraph graph) {
        return new LockChains(graph).build();
    }

    private List<LockChain> build() {
        List<Long> roots = waiters.keySet().stream().filter(id -> !blockers.containsKey(id)
                && !holderUnknown.containsKey(id)).sorted().toList();
        Map<Long, Set<Long>> reachedBy = new HashMap<>();
        Set<Long> placed = new HashSet<>();
        List<Long> tops = new ArrayList<>(roots);
        tops.addAll(holderUnknown.keySet());
        for (long top : tops) {
            for (long id : below(top)) {
                reachedBy.computeIfAbsent(id, k -> new HashSet<>()).add(top);
            }
            placed.add(top);
            placed.addAll(below(top));
        }
        List<LockChain> chains = new ArrayList<>();
        for (long root : roots) {
            int frees = (int) below(root).stream().filter(id -> reachedBy.get(id).equals(Set.of(root))).count();
            chains.add(chain(LockChain.Kind.ROOT_BLOCKER, root, null, frees));
        }
        chains.sort(Comparator.comparingInt(LockChain::frees).reversed()
                .thenComparing(Comparator.comparingInt(LockChain::waiting).reversed())
                .thenComparingLong(c -> c.root().sessionId()));
        for (Map.Entry<Long, LockWait> unknown : holderUnknown.entrySet()) {
            chains.add(chain(LockChain.Kind.HOLDER_UNKNOWN, unknown.getKey(), unknown.getValue(), 0));
        }
        // Whoever is still unplaced waits, down its chain, only for sessions that wait themselves: a cycle.
        for (long waiter : blockers.keySet()) {
            if (placed.contains(waiter)) {
                continue;
            }
            long member = cycleMember(waiter);
            LockWait closing = blockers.get(member).values().iterator().next();
            chains.add(chain(LockChain.Kind.DEADLOCK, member, closing, 0));
            placed.add(member);
            placed.addAll(below(member));
        }
        return chains;
    }

    /** Follows the first holder from {@code start} until a session repeats: that one is in the cycle. */
    private long cycleMember(long start) {
        Set<Long> walked = new HashSet<>();
        long at = start;
        while (walked.add(at)) {
            at = blockers.get(at).keySet().iterator().next();
        }
        return at;
    }

    /** Every session waiting for {@code top}, directly or down the chain (not {@code top} itself). */
    private Set<Long> below(long top) {
        Set<Long> seen = new HashSet<>();
        Deque<Long> queue = new ArrayDeque<>(List.of(top));
        while (!queue.isEmpty()) {
            for (long next : waiters.getOrDefault(queue.poll(), Set.of())) {
                if (next != top && seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    /** The tree from {@code top}: breadth first, so each session sits under the nearest holder it waits for. */
    private LockChain chain(LockChain.Kind kind, long top, LockWait topWait, int frees) {
        Map<Long, List<Long>> children = new HashMap<>();
        Set<Long> seen = new HashSet<>(List.of(top));
        Deque<Long> queue = new ArrayDeque<>(List.of(top));
        while (!queue.isEmpty()) {
            long holder = queue.poll();
            for (long next : waiters.getOrDefault(holder, Set.of())) {
                if (seen.add(next)) {
                    children.computeIfAbsent(holder, k -> new ArrayList<>()).add(next);
                    queue.add(next);
                }
            }
        }
        Long topHolder = topWait == null ? null : topWait.blockerId();
        return new LockChain(kind, node(top, topWait, topHolder, children), frees, seen.size() - 1);
    }

    private LockNode node(long id, LockWait wait, Long parent, Map<Long, List<Long>> children) {
        List<Long> also = new ArrayList<>(blockers.getOrDefault(id, Map.of()).keySet());
        also.remove(parent);
        List<LockNode> below = new ArrayList<>();
        for (long child : children.getOrDefault(id, List.of())) {
            below.add(node(child, blockers.get(child).get(id), id, children));
        }
        return new LockNode(id, sessions.get(id), wait, also, below);
    }
}
