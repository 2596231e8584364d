/** The identity of a binding, unique per tenant: the same role to the same principal on the same scope. */
export function bindingKey(b: { roleId: string; userId?: string | null; groupId?: string | null; namespace?: string | null }) {
  return [b.roleId, b.userId ?? "", b.groupId ?? "", b.namespace ?? ""].join("|");
}
