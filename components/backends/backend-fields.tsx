"use client";
import { useId } from "react";
import { Field, TextInput } from "@/components/ui/field";
import type { SecretConfig, StorageConfig } from "@/lib/backends/config";

// The form fields for choosing dedicated backends, shared by the tenant form and the namespace
// page. Values are kept as strings while editing and turned into a config by `toBackends`.

export type BackendDraft = {
  storage: "inherit" | "local" | "s3";
  directory: string;
  bucket: string;
  region: string;
  endpoint: string;
  prefix: string;
  forcePathStyle: boolean;
  accessKeyIdEnv: string;
  secretAccessKeyEnv: string;
  secrets: "inherit" | "internal" | "env";
  envPrefix: string;
};

export function draftOf(storage: StorageConfig | null, secrets: SecretConfig | null): BackendDraft {
  return {
    storage: storage?.type ?? "inherit",
    directory: storage?.type === "local" ? (storage.directory ?? "") : "",
    bucket: storage?.type === "s3" ? storage.bucket : "",
    region: storage?.type === "s3" ? storage.region : "us-east-1",
    endpoint: storage?.type === "s3" ? (storage.endpoint ?? "") : "",
    prefix: storage?.type === "s3" ? (storage.prefix ?? "") : "",
    forcePathStyle: storage?.type === "s3" ? storage.forcePathStyle : false,
    accessKeyIdEnv: storage?.type === "s3" ? (storage.accessKeyIdEnv ?? "") : "",
    secretAccessKeyEnv: storage?.type === "s3" ? (storage.secretAccessKeyEnv ?? "") : "",
    secrets: secrets?.type ?? "inherit",
    envPrefix: secrets?.type === "env" ? secrets.prefix : "SECRET_",
  };
}

const opt = (s: string) => (s.trim() === "" ? undefined : s.trim());

/** The configs the API takes (null: inherit); the server validates them. */
export function toBackends(d: BackendDraft) {
  const storage =
    d.storage === "inherit"
      ? null
      : d.storage === "local"
        ? { type: "local" as const, directory: opt(d.directory) }
        : {
            type: "s3" as const,
            bucket: d.bucket.trim(),
            region: opt(d.region) ?? "us-east-1",
            endpoint: opt(d.endpoint),
            prefix: opt(d.prefix),
            forcePathStyle: d.forcePathStyle,
            accessKeyIdEnv: opt(d.accessKeyIdEnv),
            secretAccessKeyEnv: opt(d.secretAccessKeyEnv),
          };
  const secrets = d.secrets === "inherit" ? null : d.secrets === "internal" ? { type: "internal" as const } : { type: "env" as const, prefix: d.envPrefix.trim() };
  return { storage, secrets };
}

const selectClass =
  "block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50";

/** Errors come keyed by the API's paths (`storage.bucket`, `secrets.prefix`). */
export function BackendFields({
  value,
  onChange,
  inheritLabel,
  errors = {},
  disabled = false,
}: {
  value: BackendDraft;
  onChange: (d: BackendDraft) => void;
  inheritLabel: string;
  errors?: Record<string, string>;
  disabled?: boolean;
}) {
  const id = useId();
  const set = <K extends keyof BackendDraft>(k: K, v: BackendDraft[K]) => onChange({ ...value, [k]: v });
  const text = (k: "directory" | "bucket" | "region" | "endpoint" | "prefix" | "accessKeyIdEnv" | "secretAccessKeyEnv" | "envPrefix", label: string, path: string, hint?: string, placeholder?: string) => (
    <Field label={label} htmlFor={`${id}-${k}`} error={errors[path]} hint={hint}>
      <TextInput
        id={`${id}-${k}`}
        value={value[k]}
        onChange={(e) => set(k, e.target.value)}
        disabled={disabled}
        placeholder={placeholder}
        aria-invalid={!!errors[path]}
        autoComplete="off"
        spellCheck={false}
      />
    </Field>
  );
  return (
    <div className="grid gap-5 md:grid-cols-2">
      <fieldset className="space-y-3" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold text-slate-800">Storage (namespace files)</legend>
        <Field label="Storage backend" htmlFor={`${id}-storage`} error={errors.storage}>
          <select id={`${id}-storage`} className={selectClass} value={value.storage} onChange={(e) => set("storage", e.target.value as BackendDraft["storage"])}>
            <option value="inherit">{inheritLabel}</option>
            <option value="local">Local directory</option>
            <option value="s3">S3-compatible bucket</option>
          </select>
        </Field>
        {value.storage === "local" &&
          text("directory", "Directory", "storage.directory", "A sub-directory of the instance storage root; empty for the root itself.", "e.g. finance")}
        {value.storage === "s3" && (
          <>
            {text("bucket", "Bucket", "storage.bucket", undefined, "e.g. tenantflow-finance")}
            {text("region", "Region", "storage.region")}
            {text("endpoint", "Endpoint", "storage.endpoint", "For S3-compatible services; empty for AWS.", "https://s3.example.com")}
            {text("prefix", "Key prefix", "storage.prefix", "Objects go under prefix/tenant/namespace/.")}
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={value.forcePathStyle} onChange={(e) => set("forcePathStyle", e.target.checked)} className="rounded border-slate-300" />
              Path-style addressing (most S3-compatible servers)
            </label>
            {text("accessKeyIdEnv", "Access key id variable", "storage.accessKeyIdEnv", "The server's environment variable holding it; empty for the default AWS credentials.")}
            {text("secretAccessKeyEnv", "Secret access key variable", "storage.secretAccessKeyEnv")}
          </>
        )}
      </fieldset>
      <fieldset className="space-y-3" disabled={disabled}>
        <legend className="mb-2 text-sm font-semibold text-slate-800">Secrets</legend>
        <Field label="Secret backend" htmlFor={`${id}-secrets`} error={errors.secrets}>
          <select id={`${id}-secrets`} className={selectClass} value={value.secrets} onChange={(e) => set("secrets", e.target.value as BackendDraft["secrets"])}>
            <option value="inherit">{inheritLabel}</option>
            <option value="internal">Internal encrypted store</option>
            <option value="env">Environment variables (read-only)</option>
          </select>
        </Field>
        {value.secrets === "env" &&
          text("envPrefix", "Variable prefix", "secrets.prefix", "A secret KEY is read from the variable PREFIX + KEY, base64-encoded.")}
      </fieldset>
    </div>
  );
}
