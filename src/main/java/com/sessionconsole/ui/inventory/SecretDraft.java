package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.inventory.Secret;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A password or secret key being edited. The typed value ({@link #value}, shown only in a PasswordField) and the
 * environment variable or file that holds it ({@link #reference}) are separate: the value is cleared as soon as the
 * source is no longer "typed" and is never copied into the reference; a variable's name is cleared when the source
 * becomes a file, and a file's path when it becomes a variable.
 */
final class SecretDraft {
    final ObjectProperty<Secret.Source> source;
    final StringProperty value = new SimpleStringProperty("");
    final StringProperty reference = new SimpleStringProperty("");

    /** What {@link #reference} names: a variable or a file. */
    private Secret.Source referenceOf;

    SecretDraft(Secret.Source initial) {
        source = new SimpleObjectProperty<>(initial);
        referenceOf = initial;
        source.addListener((obs, was, now) -> {
            if (now != Secret.Source.PLAIN) {
                value.set("");
            }
            if (now == Secret.Source.ENV || now == Secret.Source.FILE) {
                if (referenceOf != now) {
                    reference.set(""); // a variable's name is no file's path, nor the other way round
                }
                referenceOf = now;
            }
        });
    }

    void load(Secret secret) {
        source.set(secret.source());
        if (secret.source() == Secret.Source.PLAIN) {
            value.set(secret.reference());
        } else if (secret.source() != Secret.Source.NONE) {
            referenceOf = secret.source();
            reference.set(secret.reference());
        }
    }

    /** The secret as the inventory keeps it; a missing choice or reference is named by {@code field}. */
    Secret toSecret(String field) {
        Secret.Source chosen = source.get();
        if (chosen == null) {
            throw new IllegalArgumentException(field + ": choose where it comes from");
        } else if (chosen == Secret.Source.PLAIN) {
            return Secret.plain(value.get() == null ? "" : value.get());
        } else if (chosen == Secret.Source.ENV || chosen == Secret.Source.FILE) {
            String named = reference.get() == null ? "" : reference.get().strip();
            if (named.isEmpty()) {
                throw new IllegalArgumentException(field + ": name the "
                        + (chosen == Secret.Source.ENV ? "environment variable" : "file"));
            }
            return new Secret(chosen, named);
        }
        return Secret.NONE;
    }
}
