package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.killsession.ProbeResult;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The inventory dialog beyond its drafts: "Test connection" (running or idle, and what each shard answered) and
 * saving (running, the problem that kept it from saving, and done, which closes the dialog). Both calls block, so
 * they run through {@link Background}; a failed save shows in the same line as a wrong field.
 */
final class InventoryDialogViewModel {

    /** Lists each shard of one instance with the normal timeouts. Blocks. */
    @FunctionalInterface
    interface Probe {
        List<ProbeResult> probe(InstanceConfig instance) throws Exception;
    }

    /** Writes the inventory file (whole, never half-written) and hands it on. Blocks. */
    @FunctionalInterface
    interface Save {
        void save(Inventory inventory) throws Exception;
    }

    private final InventoryEditorViewModel drafts;
    private final Background background;
    private final Probe probe;
    private final Save save;
    private final Consumer<Inventory> afterSave;
    private final String note;
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper("");
    private final BooleanBinding canTest;
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saved = new ReadOnlyBooleanWrapper();

    /**
     * @param probe     null when there is no service to test through: the button stays off
     * @param afterSave runs on the FX thread once the file is written
     */
    InventoryDialogViewModel(InventoryEditorViewModel drafts, boolean demo, Background background, Probe probe,
                             Save save, Consumer<Inventory> afterSave) {
        this.drafts = drafts;
        this.background = background;
        this.probe = probe;
        this.save = save;
        this.afterSave = afterSave;
        this.note = demo
                ? "Saving writes " + drafts.file() + ". This window stays on the demo fleet; the next start opens the saved fleet."
                : "Saved to " + drafts.file() + " (written whole, never half-written); the command line reads the same file.";
        this.canTest = Bindings.createBooleanBinding(() -> probe != null && !testing.get(), testing);
    }

    /** Tests the instance's shards off the FX thread; a wrong field is named instead, and nothing is sent. */
    void test(InstanceDraft instance) {
        InstanceConfig config = instance == null ? null : drafts.check(instance);
        if (config == null || !canTest.get()) {
            return;
        }
        testing.set(true);
        testResult.set(config.kind() == InstanceKind.DCDB_ACCOUNT ? "Discovering…" : "Connecting…");
        background.run(() -> probe.probe(config), results -> {
            testing.set(false);
            testResult.set(results.stream()
                    .map(r -> r.target() + ": " + r.summary())
                    .collect(Collectors.joining("\n")));
        }, error -> {
            testing.set(false);
            testResult.set("Test failed: " + Problems.describe(error));
        });
    }

    /** Another instance is shown: the last answer was about the one before. */
    void clearTestResult() {
        testResult.set("");
    }

    /** Saves off the FX thread once every field checks out; the dialog closes only once the file is written. */
    void save() {
        Inventory inventory = drafts.toInventory();
        if (inventory == null || saving.get()) {
            return;
        }
        saving.set(true);
        background.run(() -> {
            save.save(inventory);
            return inventory;
        }, written -> {
            saving.set(false);
            saved.set(true);
            afterSave.accept(written);
        }, error -> {
            saving.set(false);
            drafts.problemProperty().set("Not saved: " + Problems.describe(error));
        });
    }

    InventoryEditorViewModel drafts() {
        return drafts;
    }

    String note() {
        return note;
    }

    /** The first wrong field, or why the file was not saved; empty when all is well. */
    ReadOnlyStringProperty problemProperty() {
        return drafts.problemProperty();
    }

    ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    /** True when there is a service to test through and no test is out. */
    ObservableBooleanValue canTest() {
        return canTest;
    }

    ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** Set once the file is written: the dialog closes. */
    ReadOnlyBooleanProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }
}
