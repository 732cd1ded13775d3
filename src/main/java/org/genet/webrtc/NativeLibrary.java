package org.genet.webrtc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads webrtc-java's native library from a copy kept in the user's cache directory. webrtc-java
 * itself inflates the library (23 MB) out of the jar into a new temporary file at every start, which
 * took a fifth of a second of CPU of every {@code genet node} and app start; the copy here is made
 * once per library version (named by the jar entry's CRC and size) and loaded afterwards, as JavaFX
 * does with its own libraries, once its size and CRC are checked against the jar entry's. Where anything here does not fit (the library is not in a
 * jar, no cache directory can be written, a webrtc-java whose loader looks different), nothing is
 * loaded and webrtc-java loads the library its own way.
 */
final class NativeLibrary {
    private static final Logger log = LoggerFactory.getLogger(NativeLibrary.class);
    /** The name under which webrtc-java's loader remembers the library it loaded. */
    static final String NAME = "webrtc-java";

    private NativeLibrary() {
    }

    /** Loads the library from the cache, making the cached copy first if there is none; false where it did not. */
    static boolean load() {
        try {
            Class<?> loader = Class.forName("dev.onvoid.webrtc.internal.NativeLoader");
            Field loadedField = loader.getDeclaredField("LOADED_LIB_SET");
            loadedField.setAccessible(true);
            @SuppressWarnings("unchecked")
            Set<String> loaded = (Set<String>) loadedField.get(null);
            if (loaded.contains(NAME)) {
                return true;
            }
            String file = System.mapLibraryName(NAME + "-" + call(loader, "getOSFamily") + "-" + call(loader, "getOSArch"));
            URL resource = loader.getClassLoader().getResource(file);
            Path dir = cacheDirectory();
            if (resource == null || dir == null) {
                return false;
            }
            Path library = cached(resource, dir, file);
            if (library == null) {
                return false;
            }
            System.load(library.toAbsolutePath().toString()); // loaded by this class's loader, webrtc-java's too
            loaded.add(NAME);
            log.debug("WebRTC library loaded from {}", library);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            log.debug("WebRTC library not loaded from the cache, webrtc-java extracts it: {}", e.toString());
            return false;
        }
    }

    /**
     * The copy of {@code resource} in {@code dir}: made if missing, through a temporary file moved
     * into place, so that processes starting together never load a half-written library. Null where
     * the resource is not a jar entry (its version then has no name).
     */
    static Path cached(URL resource, Path dir, String file) throws IOException {
        if (!(resource.openConnection() instanceof JarURLConnection jar)) {
            return null;
        }
        jar.setUseCaches(false); // else the JDK holds the jar open
        JarEntry entry = jar.getJarEntry();
        if (entry.getSize() < 0 || entry.getCrc() < 0) {
            return null;
        }
        Path library = dir.resolve(String.format(Locale.ROOT, "%08x-%d", entry.getCrc(), entry.getSize())).resolve(file);
        // Its size and its checksum (the jar entry's CRC-32: 16-40 ms for the 23 MB, measured here): a copy that was
        // cut short, damaged or replaced by another file of the same size is made again, not loaded.
        if (Files.isRegularFile(library) && Files.size(library) == entry.getSize() && crc32(library) == entry.getCrc()) {
            return library;
        }
        if (Files.exists(library)) {
            log.warn("the cached WebRTC library {} does not match its jar entry: copied again", library);
        }
        Files.createDirectories(library.getParent());
        Path partial = Files.createTempFile(library.getParent(), file, ".part");
        try (InputStream in = jar.getInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(partial) != entry.getSize() || crc32(partial) != entry.getCrc()) {
                throw new IOException("copied " + Files.size(partial) + " bytes of " + entry.getSize()
                        + " that do not match the jar entry's checksum");
            }
            try {
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
            }
            log.debug("WebRTC library copied to {}", library);
            return library;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The CRC-32 of a file's bytes, as a jar records it for each entry. */
    static long crc32(Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 20);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    /**
     * Genet's native-library cache: $GENET_NATIVE_CACHE (or -Dgenet.native.cache; "off": none), else under
     * $XDG_CACHE_HOME or ~/.cache (~/Library/Caches on macOS, %LOCALAPPDATA% on Windows); null if none.
     */
    static Path cacheDirectory() {
        String override = System.getProperty("genet.native.cache", System.getenv("GENET_NATIVE_CACHE"));
        if (override != null) {
            return override.isBlank() || override.equals("off") ? null : Path.of(override);
        }
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String base;
        if (os.startsWith("windows")) {
            base = System.getenv("LOCALAPPDATA");
        } else if (os.startsWith("mac")) {
            base = home == null ? null : Path.of(home, "Library", "Caches").toString();
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            base = xdg != null && !xdg.isBlank() ? xdg : home == null ? null : Path.of(home, ".cache").toString();
        }
        return base == null ? null : Path.of(base, "genet", "native");
    }

    private static String call(Class<?> type, String method) throws ReflectiveOperationException {
        Method m = type.getDeclaredMethod(method);
        m.setAccessible(true);
        return (String) m.invoke(null);
    }
}
