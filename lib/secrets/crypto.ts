import crypto from "node:crypto";

// Secret values are sealed with AES-256-GCM under a key derived per tenant (HKDF-SHA256) from the
// instance key TENANTFLOW_SECRET_KEY. The additional authenticated data binds each ciphertext to
// its (tenant, namespace, key), so a row copied onto another secret fails to open. The stored
// text is versioned: "v1:" + base64(iv | tag | ciphertext).

const VERSION = "v1";
const SALT = Buffer.from("tenantflow/secrets/v1");
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretAddress = { tenantId: string; namespace: string; key: string };

export class SecretDecryptError extends Error {
  constructor(message = "The secret cannot be decrypted with the configured TENANTFLOW_SECRET_KEY") {
    super(message);
    this.name = "SecretDecryptError";
  }
}

/** The 32-byte key for one purpose ("tenant:<id>", "instance:key-check"). */
export function deriveKey(instanceKey: string, purpose: string): Buffer {
  if (!instanceKey) throw new Error("TENANTFLOW_SECRET_KEY is not set");
  return Buffer.from(crypto.hkdfSync("sha256", Buffer.from(instanceKey, "utf8"), SALT, Buffer.from(purpose, "utf8"), 32));
}

export const tenantKey = (instanceKey: string, tenantId: string) => deriveKey(instanceKey, `tenant:${tenantId}`);

/** Unambiguous bytes for the address (a JSON array cannot be confused across field boundaries). */
const aadOf = (a: SecretAddress) => Buffer.from(JSON.stringify([VERSION, a.tenantId, a.namespace, a.key]), "utf8");

export function seal(key: Buffer, plaintext: string, aad: Buffer): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function open(key: Buffer, stored: string, aad: Buffer): string {
  const [version, payload] = stored.split(":", 2);
  if (version !== VERSION || !payload) throw new SecretDecryptError("Unknown secret format");
  const raw = Buffer.from(payload, "base64");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptError("Truncated secret");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError();
  }
}

export const encryptSecret = (instanceKey: string, address: SecretAddress, value: string) =>
  seal(tenantKey(instanceKey, address.tenantId), value, aadOf(address));

export const decryptSecret = (instanceKey: string, address: SecretAddress, stored: string) =>
  open(tenantKey(instanceKey, address.tenantId), stored, aadOf(address));

// The key-check value stored at first start: a wrong instance key fails to open it.
const CHECK_PURPOSE = "instance:key-check";
const CHECK_AAD = Buffer.from("tenantflow key check", "utf8");
const CHECK_TEXT = "tenantflow-key-check";

export const makeKeyCheck = (instanceKey: string) => seal(deriveKey(instanceKey, CHECK_PURPOSE), CHECK_TEXT, CHECK_AAD);

export function keyCheckMatches(instanceKey: string, stored: string): boolean {
  try {
    return open(deriveKey(instanceKey, CHECK_PURPOSE), stored, CHECK_AAD) === CHECK_TEXT;
  } catch {
    return false;
  }
}
