import "server-only";
import { ConfigError, config } from "../config";
import { db, isUniqueViolation } from "../db";
import { decryptSecret, keyCheckMatches, makeKeyCheck } from "./crypto";

const CHECK = "secretKeyCheck";
const WRONG_KEY =
  "invalid setting TENANTFLOW_SECRET_KEY: it does not match the key this database's secrets were encrypted with (set the original key back)";

/** The configured instance key; never silently absent. */
export function instanceKey(): string {
  const key = config().secretKey;
  if (!key) throw new ConfigError("invalid setting TENANTFLOW_SECRET_KEY: required (32+ characters, e.g. openssl rand -base64 32)");
  return key;
}

/**
 * Proves the configured key is the one the database's secrets were sealed with: a check value is
 * stored on the first start and opened on every later one. An older database without the check
 * value has it written only after one of its secrets opens with the key.
 */
export async function verifyInstanceKey(): Promise<"stored" | "verified"> {
  const key = instanceKey();
  const row = await db.instanceSetting.findUnique({ where: { key: CHECK } });
  if (row) {
    if (!keyCheckMatches(key, row.value)) throw new ConfigError(WRONG_KEY);
    return "verified";
  }
  const sample = await db.secret.findFirst({ orderBy: { createdAt: "asc" } });
  if (sample) {
    try {
      decryptSecret(key, { tenantId: sample.tenantId, namespace: sample.namespace, key: sample.key }, sample.ciphertext);
    } catch {
      throw new ConfigError(WRONG_KEY);
    }
  }
  try {
    await db.instanceSetting.create({ data: { key: CHECK, value: makeKeyCheck(key) } });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return verifyInstanceKey(); // another process stored it first: check against theirs
  }
  return "stored";
}

let verified: Promise<unknown> | undefined;

/** Before the server seals or opens a secret: the same check, once per process. */
export async function usableInstanceKey(): Promise<string> {
  verified ??= verifyInstanceKey().catch((e) => {
    verified = undefined;
    throw e;
  });
  await verified;
  return instanceKey();
}
