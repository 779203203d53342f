package com.sessionconsole.ui.inventory;

import javafx.util.StringConverter;

import java.util.Map;

/** How the dialog's choice boxes name their values: in the operator's words, one-way (the boxes are not edited). */
final class Choices {
    private Choices() {
    }

    static <T> StringConverter<T> named(Map<T, String> names) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : names.getOrDefault(value, value.toString());
            }

            @Override
            public T fromString(String text) {
                return null;
            }
        };
    }
}
