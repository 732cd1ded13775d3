package org.genet.discovery;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code genet://HOST:PORT} links: the desktop entry hands them to the app, which joins the tree of
 * the bootstrap server at HOST:PORT at once. A QR code can carry one.
 */
public final class Links {
    public static final String SCHEME = "genet";

    private Links() {
    }

    /** Whether {@code text} is meant as a genet link (it may still be malformed). */
    public static boolean isLink(String text) {
        return text != null && text.regionMatches(true, 0, SCHEME + ":", 0, SCHEME.length() + 1);
    }

    /**
     * The HOST:PORT of a {@code genet://HOST:PORT[/]} link.
     *
     * @throws IllegalArgumentException with a message for the user if it is not such a link
     */
    public static String address(String link) {
        URI uri;
        try {
            uri = new URI(link.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a genet link: " + link);
        }
        if (!SCHEME.equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("not a genet link: \"" + link + "\"; expected genet://HOST:PORT");
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The link to a bootstrap server at {@code address} (HOST:PORT). */
    public static String of(String address) {
        return SCHEME + "://" + address;
    }
}
