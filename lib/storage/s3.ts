import "server-only";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import type { z } from "zod";
import type { s3StorageConfig } from "../backends/config";
import { AppError } from "../errors";
import { isSafeRelativeKey } from "./keys";
import type { ObjectInfo, StorageBackend } from "./types";

type S3Config = z.output<typeof s3StorageConfig>;

const notFoundError = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NoSuchKey" || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404;
};

/** Credentials from the environment variables the configuration names, else the SDK's default chain. */
function credentials(cfg: S3Config, env: NodeJS.ProcessEnv): S3ClientConfig["credentials"] {
  if (!cfg.accessKeyIdEnv && !cfg.secretAccessKeyEnv) return undefined;
  const unset = [cfg.accessKeyIdEnv, cfg.secretAccessKeyEnv].filter((n): n is string => !!n && !env[n]);
  if (!cfg.accessKeyIdEnv || !cfg.secretAccessKeyEnv || unset.length) {
    const names = unset.length ? unset.join(", ") : "both accessKeyIdEnv and secretAccessKeyEnv";
    throw new AppError(503, "STORAGE_UNAVAILABLE", `The S3 storage backend is not usable: set ${names}`);
  }
  return { accessKeyId: env[cfg.accessKeyIdEnv]!, secretAccessKey: env[cfg.secretAccessKeyEnv]! };
}

export function s3Client(cfg: S3Config, env: NodeJS.ProcessEnv = process.env) {
  return new S3Client({
    region: cfg.region,
    endpoint: cfg.endpoint,
    forcePathStyle: cfg.forcePathStyle,
    credentials: credentials(cfg, env),
    // S3-compatible servers other than AWS often lack the newer default checksums
    ...(cfg.endpoint ? { requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" } : {}),
  });
}

/**
 * The tenant segment of an object's name is `tenant=<id>`. A configured prefix may not contain `=`
 * (lib/backends/config.ts), so in any object name the first segment holding `=` is the tenant's:
 * two tenants' objects can never meet, whatever prefixes share a bucket (a prefix equal to a
 * tenant id, or one that extends another's, included).
 */
export const TENANT_MARK = "tenant=";

/** Objects in an S3-compatible bucket, under an optional prefix, through the official AWS SDK. */
export class S3Storage implements StorageBackend {
  private readonly base: string;
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    prefix = "",
  ) {
    if (prefix.includes("=")) throw new Error("an S3 prefix must not contain =");
    const p = prefix.replace(/^\/+|\/+$/g, "");
    // keys start with the tenant id: stored as `<prefix>/tenant=<id>/<namespace>/<path>`
    this.base = `${p ? `${p}/` : ""}${TENANT_MARK}`;
  }

  /** The object name a key was stored under before tenant segments were marked (for the layout migration). */
  legacyName(key: string) {
    return this.base.slice(0, -TENANT_MARK.length) + key;
  }

  /** Moves an object stored under its legacy name to its current one; false when there was none. */
  async adoptLegacy(key: string): Promise<boolean> {
    const legacy = this.legacyName(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: legacy }));
    } catch (e) {
      if (notFoundError(e)) return false;
      throw e;
    }
    await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.full(key), CopySource: this.copySource(legacy) }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: legacy }));
    return true;
  }

  get label() {
    const prefix = this.base.slice(0, -TENANT_MARK.length);
    return `S3 bucket ${this.bucket}${prefix ? ` (prefix ${prefix})` : ""}`;
  }

  private full(key: string) {
    if (!isSafeRelativeKey(key)) throw new Error("unsafe storage key");
    return this.base + key;
  }

  async put(key: string, body: Uint8Array, contentType: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.full(key), Body: body, ContentType: contentType }));
  }

  async get(key: string) {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return r.Body ? await r.Body.transformToByteArray() : new Uint8Array();
    } catch (e) {
      if (notFoundError(e)) return null;
      throw e;
    }
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return { key, size: r.ContentLength ?? 0, updated: r.LastModified ?? new Date(0) };
    } catch (e) {
      if (notFoundError(e)) return null;
      throw e;
    }
  }

  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.base + prefix, ContinuationToken: token }),
      );
      for (const o of r.Contents ?? []) {
        if (!o.Key) continue;
        out.push({ key: o.Key.slice(this.base.length), size: o.Size ?? 0, updated: o.LastModified ?? new Date(0) });
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * CopySource is "bucket/key" with the key URL-encoded, its slashes and the tenant mark's `=` kept
   * (S3 decodes the whole value; some compatible servers decode only what decodeURI does).
   */
  private copySource(name: string) {
    return `${this.bucket}/${encodeURIComponent(name).replace(/%2F/g, "/").replace(/%3D/g, "=")}`;
  }

  async copy(from: string, to: string) {
    await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: this.full(to), CopySource: this.copySource(this.full(from)) }));
  }

  async move(from: string, to: string) {
    await this.copy(from, to);
    await this.delete(from);
  }
}
