import bcrypt from "bcryptjs";
import crypto from "node:crypto";

const COST = 10;

export const hashPassword = (plain: string) => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/** A random password for the first administrator (printed once, never stored in clear). */
export function randomPassword(): string {
  return crypto.randomBytes(18).toString("base64url");
}

// Used when a username is unknown, so that a wrong user costs the same as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash() {
  dummyHash ??= hashPassword(randomPassword());
  return dummyHash;
}
