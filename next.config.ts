import type { NextConfig } from "next";

// Team pages must never be framed (clickjacking). The chat page must be: the widget shows it in
// an iframe on customers' own sites.
const noFraming = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
];

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/((?!chat/|chat$).*)", headers: noFraming }];
  },
};

export default nextConfig;
