// Long-running commands wait here until Ctrl-C (SIGINT) or SIGTERM, then shut down cleanly.
/**
 * Resolves with the first SIGINT or SIGTERM, and stops listening for both.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ seed });
 * await untilSignal();
 * await emulator.stop();
 * ```
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
