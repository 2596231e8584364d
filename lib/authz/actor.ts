/** How the actor came in; `engine` is a running execution acting for its flow (KV, state, files). */
export type Via = "browser" | "api" | "cli" | "engine";

/** Who is acting: a signed-in user, an API token's owner, or the CLI working on the database. */
export type Actor = {
  userId: string | null;
  username: string;
  displayName: string;
  superadmin: boolean;
  canCreateTenant: boolean;
  via: Via;
  tokenId?: string;
  /** The CLI: trusted with the database it is configured with, so every permission holds. */
  system?: boolean;
};

export function cliActor(): Actor {
  return {
    userId: null,
    username: "cli",
    displayName: "Command line",
    superadmin: true,
    canCreateTenant: true,
    via: "cli",
    system: true,
  };
}

type UserRow = { id: string; username: string; displayName: string; superadmin: boolean; canCreateTenant: boolean };

export function userActor(user: UserRow, via: Via, tokenId?: string): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    superadmin: user.superadmin,
    canCreateTenant: user.superadmin || user.canCreateTenant,
    via,
    tokenId,
  };
}
