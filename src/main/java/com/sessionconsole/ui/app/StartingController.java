package com.sessionconsole.ui.app;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;

/** The progress view while the fleet opens, and the place a start-up failure is explained. */
final class StartingController {
    private final StartingViewModel model;
    private final Runnable quit;

    @FXML
    private Label message;
    @FXML
    private Label problem;
    @FXML
    private ProgressIndicator progress;
    @FXML
    private Button quitButton;

    StartingController(StartingViewModel model, Runnable quit) {
        this.model = model;
        this.quit = quit;
    }

    @FXML
    private void initialize() {
        message.textProperty().bind(model.messageProperty());
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotEmpty());
        quitButton.visibleProperty().bind(problem.visibleProperty());
        progress.visibleProperty().bind(model.problemProperty().isEmpty());
    }

    @FXML
    private void quit() {
        quit.run();
    }
}
