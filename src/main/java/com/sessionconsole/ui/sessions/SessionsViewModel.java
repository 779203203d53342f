package com.sessionconsole.ui.sessions;

import com.sessionconsole.killsession.Scope;
import com.sessionconsole.killsession.SessionFilter;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The sessions table's state: every row of the last refresh, narrowed by the tree's scope and the toolbar's
 * filters, sorted by the table; and the selection, kept by (shard, id) across refreshes.
 */
public final class SessionsViewModel {
    public static final String ANY_COMMAND = "Any command";

    private final ObservableList<SessionRow> rows = FXCollections.observableArrayList();
    private final FilteredList<SessionRow> filtered = new FilteredList<>(rows);
    private final SortedList<SessionRow> sorted = new SortedList<>(filtered);
    private final StringProperty quickFilter = new SimpleStringProperty("");
    private final StringProperty command = new SimpleStringProperty(ANY_COMMAND);
    private final BooleanProperty hideSleeping = new SimpleBooleanProperty(false);
    private final BooleanProperty hideProtected = new SimpleBooleanProperty(false);
    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>(Scope.FLEET);
    private final ObservableList<String> commands = FXCollections.observableArrayList(ANY_COMMAND);
    private final ObservableList<SessionRow> selected = FXCollections.observableArrayList();
    /*
     * Each count is one binding kept for the view model's life, and the status text reads those very bindings. A
     * binding tells its listeners of a change only after someone read it since the last one: a text that read
     * fresh copies left these unread, and the status bar froze after the first refresh.
     */
    private final IntegerBinding total = Bindings.size(rows);
    private final IntegerBinding shown = Bindings.size(sorted);
    private final IntegerBinding selectedCount = Bindings.size(selected);
    /** A KILL QUERY can be sent for the selection: something selected, and none of it on a cloud instance. */
    private final BooleanBinding queryKillPossible = Bindings.createBooleanBinding(
            () -> !selected.isEmpty() && selected.stream().allMatch(SessionRow::queryKillable), selected);
    private final StringBinding counts = Bindings.createStringBinding(() -> total.get() + " sessions  ·  " + shown.get()
            + " shown  ·  " + selectedCount.get() + " selected", total, shown, selectedCount);
    private final ObjectProperty<SessionRow> focused = new SimpleObjectProperty<>();
    /** The sessions the rule being built would kill: the table lights them up. */
    private final ObjectProperty<Set<SessionKey>> ruleMatches = new SimpleObjectProperty<>(Set.of());
    private final ObjectProperty<SessionKey> jumpRequest = new SimpleObjectProperty<>();
    /** Bumped after new rows are in; the table then re-selects {@link #selectionIndices()}. */
    private final IntegerProperty generation = new SimpleIntegerProperty();
    private final Set<SessionKey> selectedKeys = new LinkedHashSet<>();
    private final Map<SessionKey, SessionRow> byKey = new HashMap<>();
    private SessionKey focusedKey;
    /** True while rows or the filter change: the table's interim selection events are not the operator's. */
    private boolean replacing;

    public SessionsViewModel() {
        quickFilter.addListener((obs, was, now) -> refilter());
        command.addListener((obs, was, now) -> refilter());
        hideSleeping.addListener((obs, was, now) -> refilter());
        hideProtected.addListener((obs, was, now) -> refilter());
        scope.addListener((obs, was, now) -> refilter());
    }

    /** Puts a refresh's rows in; selected sessions that still exist stay selected, ended ones drop out. */
    public void apply(List<SessionRow> fresh) {
        byKey.clear();
        Set<String> seenCommands = new TreeSet<>();
        for (SessionRow row : fresh) {
            byKey.put(row.key(), row);
            if (row.session().command() != null) {
                seenCommands.add(row.session().command());
            }
        }
        replacing = true;
        try {
            rows.setAll(fresh);
        } finally {
            replacing = false;
        }
        selectedKeys.retainAll(byKey.keySet());
        String chosen = command.get() == null ? ANY_COMMAND : command.get();
        List<String> options = new ArrayList<>();
        options.add(ANY_COMMAND);
        options.addAll(seenCommands);
        if (!options.contains(chosen)) {
            options.add(chosen); // keep the operator's choice even when no session runs it right now
        }
        if (!options.equals(commands)) {
            commands.setAll(options);
            command.set(chosen); // a combo box clears its value when its items change
        }
        generation.set(generation.get() + 1);
    }

    private void refilter() {
        replacing = true;
        try {
            filtered.setPredicate(predicate());
        } finally {
            replacing = false;
        }
        generation.set(generation.get() + 1);
    }

    /** The shared SessionFilter for the toolbar's choices; the quick text runs on the prepared haystack. */
    Predicate<SessionRow> predicate() {
        String wanted = command.get();
        SessionFilter filter = new SessionFilter(null, null, null, null,
                wanted == null || ANY_COMMAND.equals(wanted) ? null : wanted, 0, hideSleeping.get(), hideProtected.get());
        String needle = quickFilter.get() == null ? "" : quickFilter.get().strip().toLowerCase(Locale.ROOT);
        Scope within = scope.get();
        return row -> within.covers(row.session().shard().instanceId(), row.session().shard().shardId())
                && filter.test(row.session()) && (needle.isEmpty() || row.haystack().contains(needle));
    }

    /** Called by the table when the operator changes the selection. */
    public void select(List<SessionRow> nowSelected, SessionRow focus) {
        if (replacing) {
            return;
        }
        selectedKeys.clear();
        for (SessionRow row : nowSelected) {
            if (row != null) {
                selectedKeys.add(row.key());
            }
        }
        selected.setAll(nowSelected.stream().filter(r -> r != null).toList());
        focusedKey = focus == null ? null : focus.key();
        focused.set(focus);
    }

    /** Where the remembered selection sits in the table now (after a refresh or a filter change). */
    public int[] selectionIndices() {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < sorted.size() && indices.size() < selectedKeys.size(); i++) {
            if (selectedKeys.contains(sorted.get(i).key())) {
                indices.add(i);
            }
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The index of the remembered focused row in the table, or -1. */
    public int focusIndex() {
        if (focusedKey == null) {
            return -1;
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (focusedKey.equals(sorted.get(i).key())) {
                return i;
            }
        }
        return -1;
    }

    public Optional<SessionRow> row(SessionKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Asks the table to select and show a session (the details pane's "jump to the blocker"). */
    public void jumpTo(SessionKey key) {
        if (byKey.containsKey(key)) {
            jumpRequest.set(null);
            jumpRequest.set(key);
        }
    }

    public Set<SessionKey> selectedKeys() {
        return Set.copyOf(selectedKeys);
    }

    public ObservableList<SessionRow> allRows() {
        return rows;
    }

    public SortedList<SessionRow> shownRows() {
        return sorted;
    }

    public ObservableList<SessionRow> selected() {
        return selected;
    }

    public IntegerBinding totalCount() {
        return total;
    }

    public IntegerBinding shownCount() {
        return shown;
    }

    public IntegerBinding selectedCount() {
        return selectedCount;
    }

    /** The status bar's "N sessions · N shown · N selected". */
    public BooleanBinding queryKillPossible() {
        return queryKillPossible;
    }

    public StringBinding countsText() {
        return counts;
    }

    public StringProperty quickFilterProperty() {
        return quickFilter;
    }

    public StringProperty commandProperty() {
        return command;
    }

    public ObservableList<String> commands() {
        return commands;
    }

    public BooleanProperty hideSleepingProperty() {
        return hideSleeping;
    }

    public BooleanProperty hideProtectedProperty() {
        return hideProtected;
    }

    public ObjectProperty<Scope> scopeProperty() {
        return scope;
    }

    public ObjectProperty<SessionRow> focusedProperty() {
        return focused;
    }

    public ObjectProperty<Set<SessionKey>> ruleMatchesProperty() {
        return ruleMatches;
    }

    public ObjectProperty<SessionKey> jumpRequestProperty() {
        return jumpRequest;
    }

    public ReadOnlyIntegerProperty generationProperty() {
        return generation;
    }
}
