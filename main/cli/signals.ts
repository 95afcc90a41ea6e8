// Long-running commands (monitor, demo) run until the person presses Ctrl+C or the service
// manager sends SIGTERM, then stop cleanly.
export function waitForInterrupt(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
