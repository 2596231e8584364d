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

/**
 * Paging for listings that used to answer everything (namespaces, a folder's files): pages of up
 * to 1000 entries, 1000 by default, so existing clients see the same answer for any usual size
 * while no answer is unbounded.
 */
export const LISTING_MAX = 1000;
const listingSchema = z.object({
  page: z.coerce.number().int().min(1, "page starts at 1").default(1),
  size: z.coerce.number().int().min(1).max(LISTING_MAX, `size must be at most ${LISTING_MAX}`).default(LISTING_MAX),
});

export function parseListingPaging(params: URLSearchParams): Paging {
  const parsed = listingSchema.safeParse({ page: params.get("page") ?? undefined, size: params.get("size") ?? undefined });
  if (!parsed.success) throw invalid("Invalid paging", zodDetails(parsed.error.issues));
  return parsed.data;
}

/** One page of an already sorted list, in the `{results,total,page,size}` shape. */
export function pageOf<T>(all: T[], p: Paging) {
  const { skip, take } = skipTake(p);
  return { results: all.slice(skip, skip + take), total: all.length, page: p.page, size: p.size };
}
