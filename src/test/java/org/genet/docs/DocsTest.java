package org.genet.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README and the pages in docs/ hold together: every relative link and #anchor resolves (the file exists, the
 * anchor is a heading's, by GitHub's rules), and the README gives exactly one command to run the tests, mvn test,
 * and exactly one to run the app. (That every command and option is in docs/cli.md: CliReferenceTest.)
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HTML_LINK = Pattern.compile("<(?:a|img)\\s[^>]*?(?:href|src)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s[^>]*?(?:id|name)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<Path> pages = pages();
        assertTrue(pages.size() >= 8, "the README and the pages in docs/: " + pages);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : links(Files.readString(page, StandardCharsets.UTF_8))) {
                checked++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(page + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 50, "links checked: " + checked);
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void aBrokenLinkOrAnchorIsFound() throws IOException {
        Path readme = Path.of("README.md");
        assertTrue(problem(readme, "docs/app.md") == null, "an existing page");
        assertTrue(problem(readme, "docs/no-such-page.md") != null, "a missing page");
        assertTrue(problem(readme, "docs/deploy.md#no-such-heading") != null, "a missing anchor");
        assertTrue(problem(readme, "#across-the-internet") == null, "the README's own anchor the code points to");
        assertEquals(List.of("a.md#x", "b.png"), links("[a](a.md#x) `[c](c.md)` <img src=\"b.png\">\n```\n[d](d.md)\n```\n"));
    }

    @Test
    void theReadmeGivesOneTestCommandAndOneRunCommand() throws IOException {
        List<String> commands = shellLines(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        List<String> tests = commands.stream().filter(DocsTest::runsTests).toList();
        assertEquals(List.of("mvn test"), tests, "the README's test commands, among its shell lines " + commands);
        List<String> app = commands.stream().filter(line -> line.matches(".*java -jar target/genet\\.jar\\s*(#.*)?$")).toList();
        assertEquals(1, app.size(), "the README's commands that run the app: " + app);
        String ci = Files.readString(Path.of(".ci", "run"), StandardCharsets.UTF_8);
        assertTrue(ci.lines().map(String::strip).filter(line -> !line.startsWith("#")).anyMatch(DocsTest::runsTests),
                ".ci/run runs the README's test command");
    }

    @Test
    void theReadmeKeepsTheSectionTheLogMessagesPointTo() throws IOException {
        // RtcPeer, the browser page and the packaged service say: "see README, Across the internet"
        Set<String> anchors = anchors(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertTrue(anchors.contains("across-the-internet"), anchors.toString());
        assertFalse(anchors.isEmpty());
    }

    /**
     * What the code and the packaging tell users to read: "see README, Across the internet" names a section of the
     * README, "docs/EXTENSIONS.md" a page; each must exist.
     */
    @Test
    void thePointersInTheCodeLeadSomewhere() throws IOException {
        Set<String> readme = anchors(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        Pattern section = Pattern.compile("README, \"?([A-Z][a-z]+(?: [a-z]+)*)");
        Pattern page = Pattern.compile("docs/([A-Za-z-]+\\.md)");
        List<String> dangling = new ArrayList<>();
        int pointers = 0;
        for (Path root : List.of(Path.of("src", "main"), Path.of("packaging"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(java|js|html|service|default|sh)$")).toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    Matcher m = section.matcher(text);
                    while (m.find()) {
                        pointers++;
                        if (!readme.contains(slug(m.group(1)))) {
                            dangling.add(file + ": README, " + m.group(1));
                        }
                    }
                    Matcher p = page.matcher(text);
                    while (p.find()) {
                        pointers++;
                        if (!Files.exists(Path.of("docs", p.group(1)))) {
                            dangling.add(file + ": docs/" + p.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(pointers > 10, "pointers found: " + pointers);
        assertEquals(List.of(), dangling, "pointers into the docs that lead nowhere");
    }

    // ---- reading Markdown ----

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** What is wrong with a link from this page, or null when it resolves. */
    static String problem(Path page, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) { // http:, https:, mailto:, genet:
            return null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
        if (!resolved.startsWith(Path.of("").toAbsolutePath()) && !file.isEmpty()) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null) {
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            Set<String> anchors = anchors(Files.readString(resolved, StandardCharsets.UTF_8));
            if (!anchors.contains(anchor)) {
                return "no heading makes the anchor #" + anchor;
            }
        }
        return null;
    }

    /** The link targets of a page, outside code blocks and inline code. */
    static List<String> links(String markdown) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(markdown)) {
            String text = line.replaceAll("`[^`]*`", "``");
            for (Pattern pattern : List.of(LINK, HTML_LINK)) {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    targets.add(m.group(1));
                }
            }
        }
        return targets;
    }

    /** The anchors a page's headings get on GitHub (repeated ones numbered -1, -2...), and explicit a id/name. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                anchors.add(a.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: its text without markup, lower case, punctuation dropped, spaces to dashes. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        StringBuilder slug = new StringBuilder();
        for (int c : text.toLowerCase(Locale.ROOT).codePoints().toArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The command lines of a page's sh blocks, comments and prompts stripped. */
    static List<String> shellLines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean shell = false;
        for (String line : markdown.split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("```")) {
                shell = !shell && (s.equals("```sh") || s.equals("```bash") || s.equals("```shell") || s.equals("```console"));
                continue;
            }
            if (shell && !s.isEmpty() && !s.startsWith("#")) {
                lines.add(s.replaceFirst("^\\$\\s+", "").replaceFirst("\\s+#.*$", "").strip());
            }
        }
        return lines;
    }

    /** Whether a shell line runs the tests: a Maven goal test, verify or install without -DskipTests. */
    static boolean runsTests(String line) {
        for (String command : line.split("&&|;|\\|\\|")) {
            List<String> words = List.of(command.strip().split("\\s+"));
            if (!words.isEmpty() && (words.get(0).equals("mvn") || words.get(0).endsWith("/mvn"))
                    && words.stream().anyMatch(w -> w.equals("test") || w.equals("verify") || w.equals("install"))
                    && words.stream().noneMatch(w -> w.startsWith("-DskipTests") || w.startsWith("-Dmaven.test.skip"))) {
                return true;
            }
        }
        return false;
    }
}
