// Values derived from many rows (a process's 136 ratings, the registry's figures), kept while a cheap aggregate of
// those rows — their stamp — is unchanged. The caller reads the stamp on every use, before the rows, so a write by
// any instance of the app is seen at once; what is saved is decoding and mapping the rows again (issue 18: on the
// heavy pages that was most of the database's share). Per database handle: tests and benchmarks open several in one
// process, and a transaction (its own handle) never shares what it reads before it commits.

export class StampedCache<V> {
  readonly #byDatabase = new WeakMap<object, Map<string, { stamp: string; value: V }>>();

  /** `limit`: entries kept per database handle, the least recently used dropped first (memory stays bounded). */
  constructor(private readonly limit: number) {}

  /**
   * The value kept for `key` if it was computed under this `stamp`, else `load()`'s, kept. Read the stamp before
   * anything `load` reads: rows newer than their stamp are harmless (the next stamp differs), older ones are not.
   */
  async get(db: object, key: string, stamp: string, load: () => Promise<V>): Promise<V> {
    let entries = this.#byDatabase.get(db);
    if (!entries) this.#byDatabase.set(db, (entries = new Map()));
    const kept = entries.get(key);
    entries.delete(key);
    if (kept?.stamp === stamp) {
      entries.set(key, kept);
      return kept.value;
    }
    const value = await load();
    entries.set(key, { stamp, value });
    while (entries.size > this.limit) entries.delete(entries.keys().next().value!);
    return value;
  }
}
