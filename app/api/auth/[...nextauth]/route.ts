import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientAddress, lockedFor, throttleKeys } from "@/lib/auth/throttle";

const handler = NextAuth(authOptions);

type Ctx = { params: Promise<{ nextauth: string[] }> };

/**
 * Sign-in attempts on a locked username or address are answered 429 with Retry-After before
 * next-auth runs; the `url` keeps next-auth's client able to read the error.
 */
async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await req.clone().formData().catch(() => null);
    const username = String(form?.get("username") ?? "");
    if (username) {
      const retryAfter = await lockedFor(throttleKeys(username, clientAddress(req.headers)));
      if (retryAfter > 0) {
        const url = new URL("/login?error=TooManyAttempts", process.env.NEXTAUTH_URL ?? req.url).toString();
        return Response.json(
          { error: { code: "TOO_MANY_REQUESTS", message: `Too many failed sign-in attempts; try again in ${retryAfter} s`, details: [] }, url },
          { status: 429, headers: { "Retry-After": String(retryAfter) } },
        );
      }
    }
  }
  return handler(req, ctx);
}

export { handler as GET, POST };
