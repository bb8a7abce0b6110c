/**
 * The process's one copy of the project library. Services that are plain functions (problem
 * people, the summaries) and the bot's services share it, so a county's projects are held once and
 * read from the store only after an import or a status change (the library version).
 */
import { createLibrary, type Library } from './library.ts';

let shared: Library | undefined;

export function sharedLibrary(): Library {
  // Checked often: an `npm run import` in another process must show up in the very next message.
  shared ??= createLibrary({ checkEveryMs: 100 });
  return shared;
}
