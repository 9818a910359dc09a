/**
 * Files and process signals (Tokio's {@code tokio::fs} and {@code tokio::signal}):
 * {@link dev.spindle.fs.AsyncFiles} runs file-system calls on the runtime's blocking pool;
 * {@link dev.spindle.fs.Signals#ctrlC()} completes on Ctrl-C.
 */
package dev.spindle.fs;
