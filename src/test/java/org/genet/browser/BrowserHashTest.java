package org.genet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.genet.overlay.Hash31;
import org.junit.jupiter.api.Test;

/**
 * The browser page's hash31 and delegation (its own JavaScript) give the same results as the Java
 * node's and the test vectors of PROTOCOL.md: a browser and a Java node route alike. Run in Node.js.
 */
class BrowserHashTest {

    @Test
    void thePageHashesAndDelegatesAsTheJavaNode() throws Exception {
        String script = "global.window = {};"
                + "require(" + quote(Path.of("src/main/resources/web/genet-node.js").toAbsolutePath().toString()) + ");"
                + "console.log(JSON.stringify({"
                + " hash: [0, 1, 42, 123456, 2147483647, 3000000000 | 0].map(window.genetHash31),"
                + " slot: [['a3f9c200000000000000000000000000','123456',10],['000000ffffffffffffffffffffffffff','1',2],"
                + "  ['ffffff00000000000000000000000000','999999',10],['7c1e44deadbeefdeadbeefdeadbeef00','42',3],"
                + "  ['0f0f0f11111111111111111111111111','654321',7],['deadbe00','777',5]]"
                + "  .map(function (a) { return window.genetDelegateSlot(a[0], a[1], a[2]); })}))";
        Process node = new ProcessBuilder("node", "-e", script).redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEqualTo("{\"hash\":[1800296743,881230262,1128512368,1592311484,2120532354,1074109410],"
                + "\"slot\":[7,0,9,1,2," + Hash31.delegateSlot("deadbe00", "777", 5) + "]}");
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
