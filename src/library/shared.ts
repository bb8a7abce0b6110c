/**
 * The process's one copy of the project library. Services that are plain functions (problem
 * people, the summaries) and the bot's services share it, so a county's projects are held once and
 * read from the store only after an import or a status change (the library version).
 */
import { bumpCounter } from '../../models/counter.model.ts';
import { createLibrary, type Library } from './library.ts';
import { LIBRARY_VERSION_KEY } from './version.ts';

let shared: Library | undefined;

export function sharedLibrary(): Library {
  // Checked often: an `npm run import` in another process must show up in the very next message.
  shared ??= createLibrary({ checkEveryMs: 100 });
  return shared;
}

/**
 * Says the projects, units or people changed (an import, a 开工/竣工/投产): this process's copy is
 * dropped at once, every other process's within its next version check.
 */
export async function markLibraryChanged(): Promise<void> {
  await bumpCounter(LIBRARY_VERSION_KEY);
  shared?.invalidate();
}
