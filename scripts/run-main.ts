/**
 * The ending every command-line script shares: exit with what `main` returns; on an error, one line
 * (code and message) for an expected failure, the whole error otherwise, and exit 1.
 */
import { AppError } from '../src/errors.ts';
import { scrubText } from '../src/logger.ts';

export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
      // Never the raw object: an HTTP client error carries its request, URL and all.
      else console.error(scrubText(err instanceof Error ? (err.stack ?? err.message) : String(err)));
      process.exit(1);
    },
  );
}
