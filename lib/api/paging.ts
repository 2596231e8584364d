import { z } from "zod";
import { invalid, zodDetails } from "../errors";

export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1, "page starts at 1").default(1),
  size: z.coerce.number().int().min(1).max(100, "size must be at most 100").default(25),
});
export type Paging = z.infer<typeof pagingSchema>;

export function parsePaging(params: URLSearchParams): Paging {
  const parsed = pagingSchema.safeParse({
    page: params.get("page") ?? undefined,
    size: params.get("size") ?? undefined,
  });
  if (!parsed.success) throw invalid("Invalid paging", zodDetails(parsed.error.issues));
  return parsed.data;
}

export const skipTake = (p: Paging) => ({ skip: (p.page - 1) * p.size, take: p.size });
