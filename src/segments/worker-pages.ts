import type { MembershipDiff } from "./worker-tasks.js";

/**
 * Ids per page of a membership difference crossing from the worker: a structured clone of a few thousand ids costs
 * the receiving thread about a millisecond, 100k ids about 100 ms.
 */
export const DIFF_PAGE = 2000;

/** Part of a membership difference; `handle` names the rest, held by the worker, when there is more. */
export interface DiffPage {
  enter: string[];
  exit: string[];
  handle?: number;
}

/** Takes up to `size` ids off `d` (entries first): the next page. */
export function firstPage(d: MembershipDiff, size: number): DiffPage {
  const enter = d.enter.splice(Math.max(0, d.enter.length - size));
  const exit = d.exit.splice(Math.max(0, d.exit.length - (size - enter.length)));
  return { enter, exit };
}

/**
 * The pages of a difference as they arrive: `first`, then `next(handle)` until no handle is left. Leaving early
 * releases what the worker still holds.
 */
export async function* diffPages(first: DiffPage, next: (handle: number) => Promise<DiffPage>, drop: (handle: number) => void): AsyncGenerator<DiffPage> {
  let page = first;
  let done = false;
  try {
    for (;;) {
      yield page;
      if (page.handle === undefined) break;
      page = await next(page.handle);
    }
    done = true;
  } finally {
    if (!done && page.handle !== undefined) drop(page.handle);
  }
}

/** A difference held on this thread, paged like one from the worker. */
export function localPages(d: MembershipDiff): AsyncGenerator<DiffPage> {
  const take = (): DiffPage => {
    const page = firstPage(d, DIFF_PAGE);
    if (d.enter.length + d.exit.length > 0) page.handle = 0;
    return page;
  };
  return diffPages(take(), async () => take(), () => undefined);
}
