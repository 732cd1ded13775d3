package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cached copy of a native library: made once per version, reused, made again when damaged. */
class NativeLibraryTest {

    private static URL jarWith(Path jar, String entry, byte[] content) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/" + entry);
    }

    @Test
    void theCopyIsMadeOnceAndNamedByItsVersion(@TempDir Path dir) throws Exception {
        byte[] content = "not really a library, but as many bytes as one".repeat(1000).getBytes();
        URL resource = jarWith(dir.resolve("a.jar"), "libx.so", content);
        Path cache = dir.resolve("cache");

        Path first = NativeLibrary.cached(resource, cache, "libx.so");
        assertThat(first).hasBinaryContent(content).hasFileName("libx.so");
        Files.setLastModifiedTime(first, FileTime.fromMillis(0));
        assertThat(NativeLibrary.cached(resource, cache, "libx.so")).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first).toMillis()).as("reused, not written again").isZero();
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile)).as("no temporary file left").containsExactly(first);
        }

        byte[] newer = "another version".repeat(1000).getBytes();
        Path second = NativeLibrary.cached(jarWith(dir.resolve("b.jar"), "libx.so", newer), cache, "libx.so");
        assertThat(second).isNotEqualTo(first).hasBinaryContent(newer);
        assertThat(first).hasBinaryContent(content);
    }

    @Test
    void aTruncatedCopyIsMadeAgain(@TempDir Path dir) throws Exception {
        byte[] content = new byte[100_000];
        new java.util.Random(7).nextBytes(content);
        URL resource = jarWith(dir.resolve("a.jar"), "libx.so", content);
        Path copy = NativeLibrary.cached(resource, dir.resolve("cache"), "libx.so");
        Files.write(copy, new byte[10]); // a copy cut short (a full disk, a crash outside the move)
        assertThat(NativeLibrary.cached(resource, dir.resolve("cache"), "libx.so")).isEqualTo(copy).hasBinaryContent(content);
    }

    @Test
    void aLibraryOutsideAJarIsLeftToWebrtcJava(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("libx.so"), new byte[] {1, 2, 3});
        assertThat(NativeLibrary.cached(file.toUri().toURL(), dir.resolve("cache"), "libx.so")).isNull();
    }

    @Test
    void theWebrtcLibraryIsLoadedFromTheCacheAndWorks() throws Exception {
        // webrtc-java's own jar holds the library: the copy goes to the build's cache (GENET_NATIVE_CACHE)
        assertThat(NativeLibrary.load()).isTrue();
        Path dir = NativeLibrary.cacheDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("webrtc-java"))).isNotEmpty();
        }
        WebRtc.start(); // the factory starts on the library loaded from there
        WebRtc.shutdown();
    }
}
