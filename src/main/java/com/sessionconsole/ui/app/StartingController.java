package com.sessionconsole.ui.app;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;

/** The progress view while the fleet opens, and the place a start-up failure is explained. */
final class StartingController {
    private final Runnable quit;

    @FXML
    private Label message;
    @FXML
    private Label problem;
    @FXML
    private ProgressIndicator progress;
    @FXML
    private Button quitButton;

    StartingController(Runnable quit) {
        this.quit = quit;
    }

    void message(String text) {
        message.setText(text);
        problem.setVisible(false);
        quitButton.setVisible(false);
    }

    void failed(String why) {
        progress.setVisible(false);
        problem.setText("The console could not start: " + why);
        problem.setVisible(true);
        quitButton.setVisible(true);
    }

    @FXML
    private void quit() {
        quit.run();
    }
}
