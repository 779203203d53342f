package com.sessionconsole.ui.common;

import com.sessionconsole.ui.app.ConsoleWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Views load next to the class they are asked for, and anything missing fails at once, saying what. No toolkit. */
class ControllerFactoryTest {

    @Test
    void aViewLoadsFromTheAnchorsPackagePath() {
        assertThat(new ControllerFactory().loader(ConsoleWindow.class, "MainView.fxml").getLocation().getPath())
                .endsWith("com/sessionconsole/ui/app/MainView.fxml");
    }

    @Test
    void aMissingViewFailsNamingWhereItWasLookedFor() {
        assertThatThrownBy(() -> new ControllerFactory().loader(ConsoleWindow.class, "KillConfirmation.fxml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("missing view KillConfirmation.fxml next to com.sessionconsole.ui.app.ConsoleWindow");
    }

    @Test
    void anUnregisteredControllerFails() {
        assertThatThrownBy(() -> new ControllerFactory().call(StringBuilder.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("java.lang.StringBuilder");
    }

    @Test
    void aDialogsControllerStaysWithTheDialogsFactory() {
        ControllerFactory window = new ControllerFactory().register(StringBuilder.class, () -> new StringBuilder("window"));
        ControllerFactory dialog = window.with(String.class, () -> "dialog");

        assertThat(dialog.call(String.class)).isEqualTo("dialog");
        assertThat(dialog.call(StringBuilder.class)).hasToString("window");
        assertThatThrownBy(() -> window.call(String.class)).isInstanceOf(IllegalStateException.class);
    }
}
