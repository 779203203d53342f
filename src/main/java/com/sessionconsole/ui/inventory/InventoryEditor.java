package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.InventoryWriter;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.ControllerFactory;
import com.sessionconsole.ui.common.WindowContext;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Opens the inventory dialog. Saving writes the file atomically (InventoryWriter: temp file, then rename), then
 * hands the new inventory on: to the running service, or to whoever opens the window (first run).
 */
public final class InventoryEditor {
    private final ControllerFactory factory;
    private final Background background;
    private final WindowContext context;
    private final KillSessionService service;
    private final Consumer<Inventory> afterSave;

    public InventoryEditor(ControllerFactory factory, Background background, WindowContext context,
                           KillSessionService service, Consumer<Inventory> afterSave) {
        this.factory = factory;
        this.background = background;
        this.context = context;
        this.service = service;
        this.afterSave = afterSave;
    }

    public void open(Window owner) {
        open(owner, null);
    }

    /** Opens the dialog with a new entry of this kind selected (the first run's two paths); null for none. */
    public void open(Window owner, InstanceKind start) {
        Inventory current = service == null ? Inventory.empty(context.inventoryFile()) : service.inventory();
        InventoryEditorViewModel drafts = new InventoryEditorViewModel(current, context.inventoryFile());
        InventoryEditorViewModel.InstanceDraft first = start == null ? null : drafts.addEntry(start);
        InventoryDialogViewModel model = new InventoryDialogViewModel(drafts, context.demo(), background,
                service == null ? null : service::probe, this::write, afterSave);
        ControllerFactory views = factory.with(InventoryDialogController.class,
                () -> new InventoryDialogController(model, first)).register(CloudFormController.class,
                CloudFormController::new);
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Inventory");
        dialog.setResizable(true);
        dialog.setDialogPane(views.load(views.loader(InventoryDialogController.class, "InventoryDialog.fxml")));
        dialog.showAndWait();
    }

    /** Off the FX thread (the view model runs it through Background). */
    private void write(Inventory inventory) throws IOException {
        InventoryWriter.write(inventory, context.inventoryFile());
        if (service != null && !context.demo()) {
            service.replaceInventory(inventory);
        }
    }
}
