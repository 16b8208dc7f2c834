import "next-auth";
import "next-auth/jwt";

// What this app adds to Auth.js's objects: the workspace of the user signing in (to record the
// session row), and the id of that row in the JWT and the session.
declare module "next-auth" {
  interface User {
    workspaceId?: string;
  }
  interface Session {
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}
