package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, item 5: the cached copy of the native library is loaded only if it is the jar entry's
 * bytes: a copy of the right size with other bytes (damaged, or replaced) is made again.
 */
class NativeLibraryCacheTest {

    @Test
    void aCachedCopyOfTheRightSizeButOtherBytesIsMadeAgain(@TempDir Path dir) throws Exception {
        byte[] library = new byte[300_000];
        new Random(1).nextBytes(library);
        Path jar = dir.resolve("natives.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("libfake.so"));
            out.write(library);
            out.closeEntry();
        }
        URL resource = new URL("jar:" + jar.toUri() + "!/libfake.so");
        Path cache = dir.resolve("cache");

        Path copy = NativeLibrary.cached(resource, cache, "libfake.so");
        assertThat(Files.readAllBytes(copy)).isEqualTo(library);

        byte[] tampered = library.clone();
        tampered[123_456] ^= 0x5a; // same size, one byte changed
        try (OutputStream out = Files.newOutputStream(copy)) {
            out.write(tampered);
        }
        Path again = NativeLibrary.cached(resource, cache, "libfake.so");
        assertThat(again).isEqualTo(copy);
        assertThat(Files.readAllBytes(again)).as("the copy loaded").isEqualTo(library);
    }
}
