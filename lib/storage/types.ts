// The storage a backend offers: whole objects under string keys. Keys are built by `objectKey`
// (lib/storage/keys.ts) and always start with `<tenantId>/<namespace>/`.

export type ObjectInfo = { key: string; size: number; updated: Date };

export interface StorageBackend {
  /** A short description for messages and logs (never credentials). */
  readonly label: string;
  /** Writes (or replaces) an object. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  stat(key: string): Promise<ObjectInfo | null>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` (a folder prefix ending with `/`). */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Copies an object; the source stays. */
  copy(from: string, to: string): Promise<void>;
  /** Moves an object (copy, then delete the source). */
  move(from: string, to: string): Promise<void>;
}
