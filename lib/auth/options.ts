import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { checkCredentials } from "./credentials";
import { endSessionsOnSignOut, recordSignIn, sessionStillValid, tokenVersion } from "./sessions";
import { beginAttempt, clientAddress, recordFailure, recordSuccess, throttleKeys } from "./throttle";

// The session token carries only the user's id: roles, bindings and tenant access are read from
// the database on every request, so a change holds on the user's next request. It also carries the
// user's session version (`sv`), which sign-out, a password change and disabling bump, ending the
// session on the server (lib/auth/sessions.ts).
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Tenantflow",
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.username || !credentials.password) return null;
        const keys = throttleKeys(credentials.username, clientAddress(req?.headers ?? {}));
        // counted before the password is checked, in one step with the limit check, so that
        // simultaneous attempts cannot all get through
        if (!(await beginAttempt(keys))) return null;
        const user = await checkCredentials(credentials.username, credentials.password);
        if (!user) {
          await recordFailure(keys);
          return null;
        }
        await recordSuccess(keys);
        await recordSignIn(user.id);
        return { id: user.id, name: user.displayName, email: user.username, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  events: {
    async signOut({ token }) {
      if (token?.sub) await endSessionsOnSignOut(token.sub, tokenVersion(token));
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    // next-auth's /api/auth/session answers what this returns: a revoked session (signed out
    // elsewhere, password changed, user disabled or removed) answers no session, as the pages and
    // the API already do, so the browser's session state agrees with the server
    async session({ session, token }) {
      if (!token.sub || !(await sessionStillValid(token.sub, tokenVersion(token)))) return {} as typeof session;
      return { ...session, userId: token.sub };
    },
  },
};
