// One unit of a path as decodeURIComponent accepts it: a plain character or the percent-encoding
// of one well-formed UTF-8 character (no overlong forms, no surrogates, nothing past U+10FFFF)
const hex = "[0-9a-f]";
const cont = `%[89ab]${hex}`;
const DECODABLE_UNIT = [
  "[^%]",
  `%[0-7]${hex}`,
  `%c[2-9a-f]${cont}`,
  `%d${hex}${cont}`,
  `%e0%[ab]${hex}${cont}`,
  `%e[1-9a-cef]${cont}${cont}`,
  `%ed%[89]${hex}${cont}`,
  `%f0%[9ab]${hex}${cont}${cont}`,
  `%f[1-3]${cont}${cont}${cont}`,
  `%f4%8${hex}${cont}${cont}`,
].join("|");

/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // the Content-Security-Policy itself is set per request, with a nonce, by proxy.ts
];

const nextConfig = {
  // native drivers (the SQLite one, ssh2 under the Docker client) and the Prisma runtime stay plain
  // Node requires on the server
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "dockerode", "docker-modem", "ssh2", "cpu-features"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  // the namespace file routes skip proxy.ts (it would cut large upload bodies): their tenant-less
  // form addresses the default tenant here, as proxy.ts does for every other API path
  async rewrites() {
    return {
      beforeFiles: [
        // an API path that is not valid percent-encoding, where proxy.ts did not already answer it
        // (the file routes): the API's 400, not Next.js' own error page when it fails to decode it
        { source: `/api/:rest((?!(?:${DECODABLE_UNIT})*$).*)`, destination: "/api/malformed-path" },
        { source: "/api/v1/namespaces/:namespace/files", destination: "/api/v1/main/namespaces/:namespace/files" },
        { source: "/api/v1/namespaces/:namespace/files/:path+", destination: "/api/v1/main/namespaces/:namespace/files/:path+" },
      ],
    };
  },
};

export default nextConfig;
