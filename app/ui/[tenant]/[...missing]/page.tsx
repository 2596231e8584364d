import { notFound } from "next/navigation";

// Any address under a tenant that no page serves: the tenant's own 404 (with its layout), not the bare
// one of the whole site. The tenant layout has already checked that the tenant is readable.
export default function MissingTenantPage(): never {
  notFound();
}
