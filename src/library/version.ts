/** The counter every import bumps; library caches compare it to know their copy is stale. */
export const LIBRARY_VERSION_KEY = 'library-version';
