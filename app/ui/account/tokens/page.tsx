import type { Metadata } from "next";
import { TokenList } from "@/components/account/tokens/token-list";
import { PageHeader } from "@/components/ui/page-header";
import { pageActor } from "@/lib/auth/page";
import { tokenState } from "@/lib/tokens/schemas";
import { listTokens } from "@/lib/tokens/tokens";
import { createTokenAction, revokeTokenAction } from "@/lib/tokens/actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await pageActor();
  const now = new Date();
  const tokens = (await listTokens(actor.userId ?? "")).map((t) => ({ ...t, state: tokenState(t, now) }));
  return (
    <>
      <PageHeader
        title="API tokens"
        description={`Tokens let scripts, CI and the command line call the API as you (${actor.username}), with your permissions.`}
      />
      <TokenList tokens={tokens} actions={{ create: createTokenAction, revoke: revokeTokenAction }} />
    </>
  );
}
