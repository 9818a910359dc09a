package dev.spindle.examples.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key or channel name: binary-safe bytes with value equality, for hash maps.
 *
 * @param bytes the name; not modified after construction
 */
record Key(byte[] bytes) {

    static Key of(String s) {
        return new Key(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
