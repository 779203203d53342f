package com.sessionconsole.killsession.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's fingerprint, as pt-query-digest makes it: literals (numbers, strings, hex and bit values,
 * NULL, TRUE, FALSE) become {@code ?}, IN and VALUES lists of literals become {@code (?+)}, comments go (not the
 * {@code /*!...*}{@code /} version hints), runs of whitespace become one space, case folds, {@code LIMIT ?, ?} is
 * {@code LIMIT ?}, and {@code ASC} after ORDER BY goes. So every run of one statement of the application, whatever
 * its values, has one fingerprint.
 *
 * <p>One scan, no regular expressions: its time is linear in the statement, however long or odd. Unlike
 * pt-query-digest's default, digits inside names stay ({@code orders_2024} is not {@code orders_?}; its
 * {@code --match-embedded-numbers}), and a signed number is one literal ({@code -5} is {@code ?}).
 */
public final class Fingerprint {
    /** Statements are cut here before scanning: the head of a huge multi-row INSERT says which one it is. */
    static final int MAX_SCAN = 64 * 1024;

    private Fingerprint() {
    }

    public static String of(String statement) {
        if (statement == null) {
            return "";
        }
        String text = statement.length() > MAX_SCAN ? statement.substring(0, MAX_SCAN) : statement;
        String head = text.stripLeading();
        if (head.startsWith("SELECT /*!40001 SQL_NO_CACHE */ * FROM `")) {
            return "mysqldump";
        }
        List<Token> scanned = new Scanner(text).tokens();
        List<String> tokens = scanned.stream().map(Token::text).toList();
        if (tokens.size() == 2 && tokens.get(0).equals("use")) {
            return "use ?";
        }
        if (tokens.size() >= 3 && tokens.get(0).equals("call") && tokens.get(2).equals("(")) {
            return "call " + tokens.get(1);
        }
        return join(foldLists(scanned));
    }

    /** A token, and whether whitespace or a comment came before it (kept as one space, as pt-query-digest does). */
    private record Token(String text, boolean spaced) {
    }

    /** {@code in (?, ?)} and {@code values (?, ?), (?)} become {@code in(?+)} and {@code values(?+)}. */
    private static List<Token> foldLists(List<Token> scanned) {
        List<String> tokens = scanned.stream().map(Token::text).toList();
        List<Token> out = new ArrayList<>(tokens.size());
        boolean orderBy = false;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.equals("in") || token.equals("value") || token.equals("values")) {
                int end = literalLists(tokens, i + 1);
                if (end > i + 1) {
                    out.add(new Token(token + "(?+)", scanned.get(i).spaced()));
                    i = end - 1;
                    continue;
                }
            }
            if (token.equals("limit") && i + 1 < tokens.size() && tokens.get(i + 1).equals("?")) {
                int skip = i + 2;
                if (skip + 1 < tokens.size() && (tokens.get(skip).equals(",") || tokens.get(skip).equals("offset"))
                        && tokens.get(skip + 1).equals("?")) {
                    skip += 2;
                }
                out.add(scanned.get(i));
                out.add(new Token("?", true));
                i = skip - 1;
                continue;
            }
            if (token.equals("by") && !out.isEmpty() && out.get(out.size() - 1).text().equals("order")) {
                orderBy = true;
            }
            if (orderBy && token.equals("asc")) {
                continue;
            }
            out.add(scanned.get(i));
        }
        return out;
    }

    /** The end of one or more {@code (?, ?, ...)} lists from {@code from} (optionally comma-separated), else from. */
    private static int literalLists(List<String> tokens, int from) {
        int end = from;
        int i = from;
        while (i < tokens.size() && tokens.get(i).equals("(")) {
            int j = i + 1;
            while (j < tokens.size() && (tokens.get(j).equals("?") || tokens.get(j).equals(","))) {
                j++;
            }
            if (j >= tokens.size() || !tokens.get(j).equals(")")) {
                break;
            }
            end = j + 1;
            i = end;
            if (i < tokens.size() && tokens.get(i).equals(",") && i + 1 < tokens.size() && tokens.get(i + 1).equals("(")) {
                i++;
            }
        }
        return end;
    }

    /** The tokens with one space where the statement had whitespace or a comment. */
    private static String join(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token token : tokens) {
            if (token.spaced() && out.length() > 0) {
                out.append(' ');
            }
            out.append(token.text());
        }
        return out.toString();
    }

    private static boolean word(String token) {
        char c = token.charAt(token.length() - 1);
        return Character.isLetterOrDigit(c) || c == '_' || c == '`';
    }

    /** Splits a statement into lower-case tokens, literals already {@code ?}. */
    private static final class Scanner {
        /** Words after which a sign can only be a number's. */
        private static final Set<String> OPERAND_FREE = Set.of("select", "where", "and", "or",
                "not", "then", "else", "when", "set", "by", "return", "like", "in", "is", "between", "having", "on",
                "case", "limit", "offset", "interval", "values", "value");
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private final List<Token> spaced = new ArrayList<>();
        private int at;
        private boolean gap;

        Scanner(String text) {
            this.text = text;
        }

        List<Token> tokens() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                    gap = true;
                } else if (c == '/' && peek(1) == '*' && peek(2) != '!') {
                    int close = text.indexOf("*/", at + 2);
                    at = close < 0 ? text.length() : close + 2;
                    gap = true;
                } else if (c == '#' || (c == '-' && peek(1) == '-')) {
                    while (at < text.length() && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
                        at++;
                    }
                    gap = true;
                } else if (c == '\'' || c == '"') {
                    skipString(c);
                    literal();
                } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                    number();
                } else if ((c == '-' || c == '+') && (Character.isDigit(peek(1)) || peek(1) == '.') && unary()) {
                    at++;
                    number();
                } else if (c == '`') {
                    int close = text.indexOf('`', at + 1);
                    int end = close < 0 ? text.length() : close + 1;
                    add(text.substring(at, end).toLowerCase(Locale.ROOT));
                    at = end;
                } else if (wordChar(c)) {
                    word();
                } else {
                    add(String.valueOf(c));
                    at++;
                }
            }
            return spaced;
        }

        private void add(String token) {
            tokens.add(token);
            spaced.add(new Token(token, gap));
            gap = false;
        }

        private void word() {
            int start = at;
            while (at < text.length() && wordChar(text.charAt(at))) {
                at++;
            }
            String word = text.substring(start, at).toLowerCase(Locale.ROOT);
            boolean quoteFollows = at < text.length() && text.charAt(at) == '\'';
            // X'1F', B'101', N'text', _utf8mb4'text': one literal, introducer and all.
            if (quoteFollows && (word.equals("x") || word.equals("b") || word.equals("n") || word.startsWith("_"))) {
                skipString('\'');
                literal();
            } else if (word.equals("null") || word.equals("true") || word.equals("false")) {
                literal();
            } else {
                add(word);
            }
        }

        private void number() {
            int start = at;
            if (peek(0) == '0' && (peek(1) == 'x' || peek(1) == 'b')) {
                at += 2;
            }
            while (at < text.length()) {
                char c = text.charAt(at);
                boolean exponentSign = (c == '+' || c == '-') && at > start
                        && Character.toLowerCase(text.charAt(at - 1)) == 'e';
                if (Character.isLetterOrDigit(c) || c == '.' || exponentSign) {
                    at++;
                } else {
                    break;
                }
            }
            String value = text.substring(start, at);
            if (value.chars().anyMatch(ch -> ch == '_' || ch == '$') || !numeric(value)) {
                add(value.toLowerCase(Locale.ROOT)); // a name that starts with a digit (1st_half)
            } else {
                literal();
            }
        }

        /** Decimal ({@code 12}, {@code 1.5}, {@code .5}, {@code 2e-3}), hex ({@code 0x1F}) or bits ({@code 0b101}). */
        private static boolean numeric(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.startsWith("0x") || v.startsWith("0b")) {
                String digits = v.substring(2);
                String allowed = v.startsWith("0x") ? "0123456789abcdef" : "01";
                return !digits.isEmpty() && digits.chars().allMatch(ch -> allowed.indexOf(ch) >= 0);
            }
            int i = 0;
            int digits = 0;
            while (i < v.length() && Character.isDigit(v.charAt(i))) {
                i++;
                digits++;
            }
            if (i < v.length() && v.charAt(i) == '.') {
                i++;
                while (i < v.length() && Character.isDigit(v.charAt(i))) {
                    i++;
                    digits++;
                }
            }
            if (digits > 0 && i < v.length() && v.charAt(i) == 'e') {
                i++;
                if (i < v.length() && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
                    i++;
                }
                int exponent = i;
                while (i < v.length() && Character.isDigit(v.charAt(i))) {
                    i++;
                }
                if (i == exponent) {
                    return false;
                }
            }
            return digits > 0 && i == v.length();
        }

        /** A sign belongs to the number after it unless something it could be subtracted from comes before. */
        private boolean unary() {
            if (tokens.isEmpty()) {
                return true;
            }
            String previous = tokens.get(tokens.size() - 1);
            return OPERAND_FREE.contains(previous)
                    || !(previous.equals("?") || previous.equals(")") || Fingerprint.word(previous));
        }

        private void skipString(char quote) {
            at++;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '\\') {
                    at += 2;
                } else if (c == quote && peek(1) == quote) {
                    at += 2;
                } else if (c == quote) {
                    at++;
                    return;
                } else {
                    at++;
                }
            }
            at = Math.min(at, text.length());
        }

        private void literal() {
            add("?");
        }

        private char peek(int ahead) {
            return at + ahead < text.length() ? text.charAt(at + ahead) : '\0';
        }

        private static boolean wordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
        }
    }
}
