package org.genet.ice;

import java.util.List;
import java.util.Locale;

/**
 * One ICE server as WebRTC takes it ({@code RTCIceServer}): its URLs ({@code stun:}, {@code turn:}
 * or {@code turns:}), and for TURN a username and credential. What a server hands out is checked
 * here, so a hostile or broken bootstrap server cannot make a client hold or pass on anything large.
 */
public record IceServer(List<String> urls, String username, String credential) {
    /** The longest URL, username or credential taken. */
    public static final int MAX_TEXT = 512;
    /** The most URLs one server may have. */
    public static final int MAX_URLS = 8;

    public IceServer {
        if (urls == null || urls.isEmpty() || urls.size() > MAX_URLS) {
            throw new IllegalArgumentException("an ICE server has 1 to " + MAX_URLS + " URLs");
        }
        urls = List.copyOf(urls);
        for (String url : urls) {
            check(url);
        }
        if (username != null && (username.length() > MAX_TEXT || hasControl(username))) {
            throw new IllegalArgumentException("an ICE username is at most " + MAX_TEXT + " printable characters");
        }
        if (credential != null && (credential.length() > MAX_TEXT || hasControl(credential))) {
            throw new IllegalArgumentException("an ICE credential is at most " + MAX_TEXT + " printable characters");
        }
    }

    /** A server without credentials (STUN, or TURN that needs none). */
    public static IceServer of(String url) {
        return new IceServer(List.of(url), null, null);
    }

    /** Whether one of its URLs is a relay (TURN). */
    public boolean isTurn() {
        return urls.stream().anyMatch(u -> u.toLowerCase(Locale.ROOT).startsWith("turn"));
    }

    /** Throws unless {@code url} is a {@code stun:}, {@code turn:} or {@code turns:} URL with a host. */
    public static String check(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_TEXT || hasControl(url) || url.contains(" ")) {
            throw new IllegalArgumentException("not an ICE server URL: " + printable(url));
        }
        String lower = url.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        String scheme = colon < 0 ? "" : lower.substring(0, colon);
        if (!scheme.equals("stun") && !scheme.equals("turn") && !scheme.equals("turns") && !scheme.equals("stuns")) {
            throw new IllegalArgumentException("an ICE server URL starts with stun:, turn: or turns:, not " + printable(url));
        }
        String rest = url.substring(colon + 1);
        if (rest.isEmpty() || rest.startsWith("?") || rest.startsWith(":") || rest.startsWith("//")) {
            throw new IllegalArgumentException("an ICE server URL names a host (stun:HOST:PORT): " + printable(url));
        }
        return url;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String printable(String s) {
        if (s == null) {
            return "nothing";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "\"" + cut.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    @Override
    public String toString() {
        // never the credential: this shows up in logs
        return String.join(" ", urls) + (credential != null ? " (with credentials)" : "");
    }
}
