/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // the Content-Security-Policy itself is set per request, with a nonce, by proxy.ts
];

const nextConfig = {
  // native driver and Prisma runtime stay plain Node requires on the server
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  // the namespace file routes skip proxy.ts (it would cut large upload bodies): their tenant-less
  // form addresses the default tenant here, as proxy.ts does for every other API path
  async rewrites() {
    return {
      beforeFiles: [
        { source: "/api/v1/namespaces/:namespace/files", destination: "/api/v1/main/namespaces/:namespace/files" },
        { source: "/api/v1/namespaces/:namespace/files/:path+", destination: "/api/v1/main/namespaces/:namespace/files/:path+" },
      ],
    };
  },
};

export default nextConfig;
