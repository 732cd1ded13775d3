package org.genet.overlay;

/**
 * Text that came from the network (a neighbour's name or id, a report, a join record, a frame a
 * node could not read, a close reason, a name announced on the LAN), made safe to show, log,
 * export or write: nothing in it can clear a terminal, forge a log line, reverse what follows it
 * or run as a spreadsheet formula.
 *
 * <p>{@link #clean} escapes control characters (C0, DEL, C1), line and paragraph separators,
 * bidirectional controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069), zero-width and
 * byte-order marks, unpaired surrogates and noncharacters, as {@code \xNN} or {@code \\uNNNN}, and
 * cuts the result to a length. Everything else, other scripts and emoji included, is kept. It is
 * idempotent: cleaning clean text changes nothing (a backslash is kept as it is).
 */
public final class NetText {
    /** The longest text from the network any line shows, in characters. */
    public static final int MAX_SHOWN = 300;

    private NetText() {
    }

    /** {@code text} with every unsafe character escaped, cut to {@link #MAX_SHOWN} characters. */
    public static String clean(String text) {
        return clean(text, MAX_SHOWN);
    }

    /**
     * {@code text} with every unsafe character escaped, cut to at most {@code max} characters (the
     * last one an ellipsis when cut, never inside an escape or a surrogate pair); null stays null.
     */
    public static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        if (isClean(text) && text.length() <= max) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = Character.charCount(cp);
            boolean pairOk = size == 2 || !Character.isSurrogate(text.charAt(i));
            String piece = pairOk && safe(cp) ? text.substring(i, i + size) : escape(text.charAt(i), pairOk ? cp : text.charAt(i));
            if (!pairOk) {
                size = 1;
            }
            if (out.length() + piece.length() > max - 1 && i + size < text.length()
                    || out.length() + piece.length() > max) {
                out.append('…');
                return out.toString();
            }
            out.append(piece);
            i += size;
        }
        return out.toString();
    }

    /** Whether {@code text} holds nothing {@link #clean} would escape. */
    public static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && !safeChar(text, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean safeChar(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    && safe(Character.toCodePoint(c, text.charAt(i + 1)));
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
        }
        return safe(c);
    }

    /** Whether a code point may be shown as it is. */
    static boolean safe(int cp) {
        if (cp < 0x20 || cp >= 0x7f && cp < 0xa0) {
            return false; // C0, DEL, C1
        }
        if (cp == 0x061c || cp == 0x200e || cp == 0x200f || cp >= 0x202a && cp <= 0x202e || cp >= 0x2066 && cp <= 0x2069) {
            return false; // bidirectional controls
        }
        if (cp >= 0x200b && cp <= 0x200d || cp == 0x2060 || cp == 0xfeff || cp == 0x2028 || cp == 0x2029) {
            return false; // zero-width characters, byte-order mark, line and paragraph separators
        }
        if (cp >= 0xfdd0 && cp <= 0xfdef || (cp & 0xfffe) == 0xfffe) {
            return false; // noncharacters
        }
        return !Character.isSurrogate((char) cp) || cp > 0xffff;
    }

    private static String escape(char first, int cp) {
        if (cp < 0x100) {
            return String.format("\\x%02x", cp);
        }
        if (cp > 0xffff) {
            return String.format("\\u{%x}", cp);
        }
        return String.format("\\u%04x", (int) first);
    }

    /**
     * A CSV cell (RFC 4180) of text from the network: cleaned, quoted when it holds a comma, a
     * quote or a line end, and read by spreadsheets as text, never as a formula: a cell that would
     * start with {@code = + - @} (a tab or line end is escaped already) starts with an apostrophe.
     */
    public static String csvCell(String text) {
        if (text == null) {
            return "";
        }
        String s = clean(text, 10_000);
        boolean formula = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
        if (formula) {
            s = "'" + s;
        }
        if (!formula && s.indexOf(',') < 0 && s.indexOf('"') < 0) {
            return s; // clean text holds no line end
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /**
     * Text that XML 1.0 may hold: {@link #clean cleaned} (XML refuses most control characters
     * even escaped). The XML writer escapes markup ({@code < & "}) itself.
     */
    public static String xml(String text) {
        return text == null ? null : clean(text, 10_000);
    }
}
