/** `npm run ferretdb:build`: builds (or finds cached) the embedded FerretDB binary and prints its path. */
import { ensureFerretdbBinary } from '../src/store/ferretdb.ts';

try {
  const bin = await ensureFerretdbBinary({ progress: (line) => console.log(line) });
  console.log(`FerretDB binary: ${bin}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
