package dev.spindle.runtime.internal;

/**
 * A small xorshift generator, one per thread: steal-victim choice and select fairness need
 * cheap, not strong, randomness, and a seed ({@code rngSeed}) makes them reproducible.
 */
final class FastRand {
    private long state;

    FastRand(long seed) {
        reseed(seed);
    }

    void reseed(long seed) {
        // splitmix64 of the seed, so that nearby seeds give unrelated sequences and 0 is avoided
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        state = z == 0 ? 1 : z;
    }

    int nextInt(int bound) {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        return (int) ((x >>> 33) % bound);
    }
}
