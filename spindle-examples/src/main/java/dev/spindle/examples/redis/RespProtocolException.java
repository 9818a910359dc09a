package dev.spindle.examples.redis;

/**
 * Malformed or over-limit input from a client. Its message is the text of the error reply that
 * Redis sends in the same case (without the {@code -ERR } prefix); the connection is closed after
 * the reply, as Redis closes it.
 */
final class RespProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    RespProtocolException(String message) {
        super(message, null, false, false);
    }
}
