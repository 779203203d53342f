package com.sessionconsole.ui.locks;

import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.FleetLockChains;
import com.sessionconsole.killsession.LockChain;
import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.ShardLockChains;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.sessions.SessionKey;
import com.sessionconsole.ui.sessions.SessionsViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lock chains view's state: the last read of every shard's chains, narrowed to the fleet tree's scope, and
 * what "Kill root blockers" would kill (the roots of the chosen chains, or of every chain shown when none is
 * chosen). Chains are read while the view is shown: when it opens, and after each refresh of the window.
 */
public final class LockChainsViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Reads the chains of the whole fleet (blocking: it runs on the background threads). */
    @FunctionalInterface
    public interface ChainSource {
        FleetLockChains read() throws Exception;
    }

    /**
     * What "Kill root blockers" kills now.
     *
     * @param roots each root with how many sessions wait for it directly
     * @param frees how many waiting sessions their kill frees together
     * @param all   true when no chain is chosen: every root shown
     */
    public record Targets(Map<Session, Integer> roots, int frees, boolean all) {
        static final Targets NONE = new Targets(Map.of(), 0, true);
    }

    private final SessionsViewModel sessions;
    private final Background background;
    private final ChainSource source;
    private final ObjectProperty<FleetLockChains> chains = new SimpleObjectProperty<>();
    private final ObservableList<LockRow> shards = FXCollections.observableArrayList();
    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>(Scope.FLEET);
    private final BooleanProperty shown = new SimpleBooleanProperty();
    private final BooleanProperty reading = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty("Lock chains are read when this view is open.");
    private final IntegerProperty chainCount = new SimpleIntegerProperty();
    private final ObjectProperty<Targets> targets = new SimpleObjectProperty<>(Targets.NONE);
    // Kept for the view model's life: a binding made on the fly would be collected and stop updating.
    private final StringBinding tabTitle = Bindings.createStringBinding(() -> chainCount.get() == 0 ? "Lock chains"
            : "Lock chains (" + chainCount.get() + ")", chainCount);
    private final StringBinding killText = Bindings.createStringBinding(() -> killWords(targets.get()), targets);
    private final BooleanBinding nothingToKill = Bindings.createBooleanBinding(() -> targets.get().roots().isEmpty(),
            targets);
    private final Set<String> chosenKeys = new LinkedHashSet<>();
    private long issued;

    public LockChainsViewModel(SessionsViewModel sessions, Background background, ChainSource source) {
        this.sessions = sessions;
        this.background = background;
        this.source = source;
        scope.bind(sessions.scopeProperty());
        scope.addListener((obs, was, now) -> show());
        shown.addListener((obs, was, now) -> {
            if (now) {
                reload();
            }
        });
    }

    /** Reads the chains now, off the FX thread; only the newest answer is applied. */
    public void reload() {
        long number = ++issued;
        reading.set(true);
        // The answer is in place before reading turns false: whoever waits for the read sees what it read.
        background.run(source::read, answer -> {
            if (number == issued) {
                chains.set(answer);
                show();
                reading.set(false);
            }
        }, error -> {
            if (number == issued) {
                status.set("The lock chains could not be read: " + Problems.describe(error));
                reading.set(false);
            }
        });
    }

    /** After each refresh of the window: the chains follow it while the view is shown. */
    public void refreshed() {
        if (shown.get()) {
            reload();
        }
    }

    private void show() {
        FleetLockChains all = chains.get();
        if (all == null) {
            return;
        }
        List<LockRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int count = 0;
        for (ShardLockChains shard : all.shards()) {
            if (!scope.get().covers(shard.shard().instanceId(), shard.shard().shardId())) {
                continue;
            }
            if (!shard.ok()) {
                notes.add(shard.shard().shardId() + ": " + shard.error());
            } else if (shard.unavailable() != null) {
                notes.add(shard.shard().shardId() + ": " + shard.unavailable());
            } else if (!shard.chains().isEmpty()) {
                rows.add(LockRow.of(shard));
                count += shard.chains().size();
            }
        }
        all.instanceErrors().forEach((id, error) -> notes.add(id + ": " + error));
        long waiting = rows.stream().flatMap(r -> r.shard().chains().stream()).mapToLong(LockChain::waiting).sum();
        String summary = count == 0 ? "No lock waits" : count + (count == 1 ? " chain, " : " chains, ") + waiting
                + " waiting " + (waiting == 1 ? "session" : "sessions");
        status.set(summary + "   ·   read " + CLOCK.format(all.readAt()) + " in " + all.took().toMillis() + " ms"
                + (notes.isEmpty() ? "" : "   ·   " + String.join("   |   ", notes)));
        shards.setAll(rows);
        chainCount.set(count);
        retarget();
    }

    /** The operator's choice in the tree (kept across reloads by shard and session). */
    public void choose(List<LockRow> rows) {
        chosenKeys.clear();
        rows.forEach(row -> chosenKeys.add(row.key()));
        retarget();
    }

    /** Whether a line was chosen before the tree was rebuilt. */
    public boolean chosen(LockRow row) {
        return chosenKeys.contains(row.key());
    }

    private void retarget() {
        Map<ShardLockChains, Set<LockChain>> picked = new LinkedHashMap<>();
        for (LockRow shardRow : shards) {
            for (LockRow row : flatten(shardRow)) {
                if (chosenKeys.contains(row.key())) {
                    Set<LockChain> set = picked.computeIfAbsent(row.shard(), k -> new LinkedHashSet<>());
                    set.addAll(row.isShard() ? row.shard().chains() : List.of(row.chain()));
                }
            }
        }
        boolean all = picked.isEmpty();
        if (all) {
            shards.forEach(row -> picked.put(row.shard(), new LinkedHashSet<>(row.shard().chains())));
        }
        Map<Session, Integer> roots = new LinkedHashMap<>();
        int frees = 0;
        for (Map.Entry<ShardLockChains, Set<LockChain>> entry : picked.entrySet()) {
            Set<Long> ids = new HashSet<>();
            for (LockChain chain : entry.getValue()) {
                if (chain.killable()) {
                    roots.put(chain.root().session(), chain.root().waiters().size());
                    ids.add(chain.root().sessionId());
                }
            }
            frees += entry.getKey().freedBy(ids);
        }
        targets.set(new Targets(roots, frees, all));
    }

    private static List<LockRow> flatten(LockRow row) {
        List<LockRow> all = new ArrayList<>(List.of(row));
        row.children().forEach(child -> all.addAll(flatten(child)));
        return all;
    }

    private static String killWords(Targets targets) {
        int n = targets.roots().size();
        if (n == 0) {
            return "Kill root blockers";
        }
        return (targets.all() && n > 1 ? "Kill all " : "Kill ") + n + (n == 1 ? " root blocker" : " root blockers")
                + " (frees " + targets.frees() + ")";
    }

    /** Selects the session in the sessions table (a double-click in the tree). */
    public void jumpTo(LockRow row) {
        if (!row.isShard()) {
            sessions.jumpTo(new SessionKey(row.shard().shard().key(), row.node().sessionId()));
        }
    }

    public ObservableList<LockRow> shards() {
        return shards;
    }

    public BooleanProperty shownProperty() {
        return shown;
    }

    public ReadOnlyBooleanProperty readingProperty() {
        return reading;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<FleetLockChains> chainsProperty() {
        return chains;
    }

    public ReadOnlyObjectProperty<Targets> targetsProperty() {
        return targets;
    }

    public StringBinding tabTitle() {
        return tabTitle;
    }

    public StringBinding killText() {
        return killText;
    }

    public BooleanBinding nothingToKill() {
        return nothingToKill;
    }
}
