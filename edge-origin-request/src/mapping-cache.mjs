// An in-memory, per-key cache of version mappings for one Lambda@Edge instance.
//
// - hits live hitTtlMs, misses (unknown versions) missTtlMs, so unknown versions do not reach DynamoDB every time;
// - at most one load per key is in flight: concurrent requests for a cold key share it;
// - stale-while-error: when a load fails, the last known mapping is served until staleMs after it expired;
// - after a failed load the key is not retried for errorTtlMs, so an outage costs one slow call per key and
//   period instead of one per request;
// - at most maxEntries keys, so random version strings cannot grow memory without bound. Over the bound, known
//   misses (and keys never loaded) go first, least recently used first; real mappings go only when no miss is left,
//   also least recently used first. Every access moves a key to the back, so a flood of random (token) versions
//   cannot push out the real mappings and their stale-while-error values.

/** DynamoDB could not be asked and nothing usable is cached. */
export class MappingUnavailableError extends Error {
  constructor(key, cause) {
    super(`version mapping for ${key} is unavailable: ${cause?.name ?? 'Error'}: ${cause?.message ?? cause}`, { cause });
    this.name = 'MappingUnavailableError';
  }
}

export class MappingCache {
  /**
   * @param {{load: (key: string) => Promise<object|null>, now?: () => number, maxEntries?: number}} options
   *        load resolves to the mapping, or null when there is none; it rejects when the table cannot be read.
   */
  constructor({ load, now = Date.now, maxEntries = 1000 }) {
    this.load = load;
    this.now = now;
    this.maxEntries = maxEntries;
    this.entries = new Map();
  }

  /**
   * The mapping for key: {value, source}, source being 'cache', 'table' or 'stale'. value is null for a known miss.
   * @param {{hitTtlMs: number, missTtlMs: number, staleMs: number, errorTtlMs: number}} policy
   * @throws {MappingUnavailableError} when the table cannot be read and no usable value is cached
   */
  async get(key, policy) {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry) {
      this.touch(key, entry);
    }
    if (entry?.loaded && now < entry.expiresAt) {
      return { value: entry.value, source: 'cache' };
    }
    if (entry?.inflight) {
      return entry.inflight;
    }
    if (entry && now < entry.retryAfter) {
      return this.staleOrFail(key, entry, now);
    }
    return this.refresh(key, entry ?? this.create(key), policy);
  }

  /** Number of keys held (for tests and the benchmark). */
  get size() {
    return this.entries.size;
  }

  create(key) {
    const entry = { loaded: false, value: null, expiresAt: 0, staleUntil: 0, retryAfter: 0, error: null, inflight: null };
    this.entries.set(key, entry);
    this.evictOverflow(key);
    return entry;
  }

  /** Moves key to the back of the Map's insertion order, which is the eviction order (LRU). */
  touch(key, entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  refresh(key, entry, policy) {
    entry.inflight = (async () => {
      try {
        const value = await this.load(key);
        const now = this.now();
        entry.loaded = true;
        entry.value = value;
        entry.expiresAt = now + (value === null ? policy.missTtlMs : policy.hitTtlMs);
        // only a real mapping is worth serving stale; a stale "unknown" would turn an outage into 403s
        entry.staleUntil = value === null ? 0 : entry.expiresAt + policy.staleMs;
        entry.retryAfter = 0;
        entry.error = null;
        return { value, source: 'table' };
      } catch (error) {
        entry.retryAfter = this.now() + policy.errorTtlMs;
        entry.error = error;
        return this.staleOrFail(key, entry, this.now());
      } finally {
        entry.inflight = null;
      }
    })();
    return entry.inflight;
  }

  staleOrFail(key, entry, now) {
    if (entry.loaded && entry.value !== null && now < entry.staleUntil) {
      return { value: entry.value, source: 'stale' };
    }
    throw new MappingUnavailableError(key, entry.error);
  }

  /** Drops keys until the bound holds: misses first, then real mappings, each least recently used first. */
  evictOverflow(newKey) {
    const isMiss = (entry) => !(entry.loaded && entry.value !== null);
    for (const evictable of [isMiss, () => true]) {
      for (const [key, entry] of this.entries) {
        if (this.entries.size <= this.maxEntries) {
          return;
        }
        // the key being created is about to be loaded; one in flight has waiters that expect it cached
        if (key !== newKey && !entry.inflight && evictable(entry)) {
          this.entries.delete(key);
        }
      }
    }
  }
}
