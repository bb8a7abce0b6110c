/**
 * Where the MongoDB-compatible store is for this process: MONGODB_URI when set, else the embedded
 * FerretDB under DATA_DIR (started, or reused when another process of ours already runs it).
 * `npm start`, the sandbox and every script use this, so they all see the same data.
 */
import mongoose from 'mongoose';
import type { Config } from '../config.ts';
import { useEmbeddedFerretdb } from './embedded.ts';

export interface ResolvedStore {
  uri: string;
  /** One line for the start-up output. */
  description: string;
  /**
   * Says this process is done with the store; call it after closing the connections. The embedded
   * store exits when no other process uses it (see embedded.ts); MONGODB_URI is left alone.
   */
  stop(): Promise<void>;
}

export const EMBEDDED_DB_NAME = 'xmdd';

export async function resolveStore(config: Config, progress: (line: string) => void): Promise<ResolvedStore> {
  if (config.MONGODB_URI) {
    return { uri: config.MONGODB_URI, description: 'Store: MongoDB from MONGODB_URI', stop: async () => {} };
  }
  const fdb = await useEmbeddedFerretdb({
    dataDir: config.DATA_DIR,
    bin: config.FERRETDB_BIN,
    synchronous: config.FERRETDB_SYNCHRONOUS,
    progress,
  });
  return {
    uri: `${fdb.uri}${EMBEDDED_DB_NAME}`,
    description: `Store: embedded FerretDB on SQLite in ${fdb.dir} (127.0.0.1:${fdb.port}, pid ${fdb.pid}${fdb.reused ? ', already running' : ''}; log ${fdb.logFile})`,
    // Waiting for the store to exit only makes sense once this process's connections are closed
    // (scripts that stop the store from a runtime stop hook still hold theirs).
    stop: () => fdb.stop({ wait: mongoose.connection.readyState === mongoose.ConnectionStates.disconnected }),
  };
}
