// s3rver ships no types; the test uses only this much of it.
declare module "s3rver" {
  export default class S3rver {
    constructor(options: {
      port?: number;
      address?: string;
      silent?: boolean;
      directory: string;
      configureBuckets?: { name: string; configs?: unknown[] }[];
    });
    /** Listens; answers the address (the port chosen when 0 was asked). */
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
