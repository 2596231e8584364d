import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { checkCredentials } from "./credentials";

// The session token carries only the user's id: roles, bindings and tenant access are read from
// the database on every request, so a change holds on the user's next request.
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Tenantflow",
      credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        if (!credentials?.username || !credentials.password) return null;
        const user = await checkCredentials(credentials.username, credentials.password);
        return user ? { id: user.id, name: user.displayName, email: user.username } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
