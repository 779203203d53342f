package com.sessionconsole.demo;

import java.security.SecureRandom;

/** Random passwords for the accounts of the embedded fleet: new each run, never written to a file. */
final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Passwords() {
    }

    /** 20 letters and digits: safe inside a quoted SQL literal. */
    static String random() {
        StringBuilder out = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
