import "server-only";
import { decryptSecret, encryptSecret } from "../secrets/crypto";
import { usableInstanceKey } from "../secrets/instance-key";
import { TaskFailure } from "./tasks/types";

// SECRET inputs are kept sealed in the execution (as the orchestrator keeps them: a typed value
// {type, value} with the ciphertext), under the tenant's key and bound to the execution and the
// input, and opened only when a task renders them; the values are then masked like secret()'s.

export const ENCRYPTED_TYPE = "io.kestra.datatype:aes_encrypted";
export type SealedInput = { type: typeof ENCRYPTED_TYPE; value: string };

const address = (tenantId: string, executionId: string, inputId: string) => ({
  tenantId,
  namespace: `execution:${executionId}`,
  key: `input:${inputId}`,
});

export const isSealed = (v: unknown): v is SealedInput =>
  !!v && typeof v === "object" && (v as SealedInput).type === ENCRYPTED_TYPE && typeof (v as SealedInput).value === "string";

export async function sealInput(tenantId: string, executionId: string, inputId: string, value: string): Promise<SealedInput> {
  return { type: ENCRYPTED_TYPE, value: encryptSecret(await usableInstanceKey(), address(tenantId, executionId, inputId), value) };
}

/**
 * The variables with the sealed inputs opened, and the opened values (for masking). Variables
 * without any sealed input are returned as they are, without reading the instance key.
 */
export async function revealSecretInputs(
  tenantId: string,
  executionId: string,
  variables: Record<string, unknown>,
): Promise<{ variables: Record<string, unknown>; secrets: string[] }> {
  const inputs = variables.inputs;
  if (!inputs || typeof inputs !== "object" || !Object.values(inputs).some(isSealed)) return { variables, secrets: [] };
  const key = await usableInstanceKey();
  const secrets: string[] = [];
  const opened: Record<string, unknown> = {};
  for (const [id, v] of Object.entries(inputs)) {
    if (!isSealed(v)) {
      opened[id] = v;
      continue;
    }
    let plain: string;
    try {
      plain = decryptSecret(key, address(tenantId, executionId, id), v.value);
    } catch {
      throw new TaskFailure(`the SECRET input "${id}" cannot be opened here: it was sealed for another execution or with another instance key`);
    }
    secrets.push(plain);
    opened[id] = plain;
  }
  return { variables: { ...variables, inputs: opened }, secrets };
}
