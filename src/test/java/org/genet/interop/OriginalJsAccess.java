package org.genet.interop;

/** The original JavaScript tree node, for tests outside this package. */
public final class OriginalJsAccess implements AutoCloseable {
    /** The folder of the original's scripts, its npm packages installed (once). */
    public static java.nio.file.Path scripts() throws java.io.IOException, InterruptedException {
        OriginalJs.install();
        return OriginalJs.DIR;
    }

    private final OriginalJs js = new OriginalJs();
    private OriginalJs.Script node;

    /** Starts an original node that joins through {@code host}; returns once it has a parent. */
    public String startTreeNode(String host, String name) throws Exception {
        node = js.start("original-tree-node.js", host, name, "1");
        return node.await("parent-connect").toString();
    }

    /** Every DATA payload it received so far, from its parent and its children, as JSON text. */
    public java.util.List<String> allData() {
        return node.all().stream().filter(e -> e.path("event").asText().equals("data"))
                .map(e -> e.path("data").toString()).toList();
    }

    /** The first DATA one of its children sent it. */
    public String dataFromChild() throws InterruptedException {
        return node.await(e -> e.path("event").asText().equals("data") && !e.path("fromParent").asBoolean(), "data from a child")
                .path("data").asText();
    }

    /** The first DATA its parent sent it. */
    public String dataFromParent() throws InterruptedException {
        return node.await(e -> e.path("event").asText().equals("data") && e.path("fromParent").asBoolean(), "data from its parent")
                .path("data").asText();
    }

    @Override
    public void close() throws InterruptedException {
        js.close();
    }
}
