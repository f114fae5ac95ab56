import type { Ctx } from "../context.js";
import type { Workspace } from "../workspaces/index.js";

/** Typed `c.var` shared by every surface. */
export interface Env {
  Variables: {
    ctx: Ctx;
    requestId: string;
    workspace: Workspace;
    operatorId: number | null;
  };
}
