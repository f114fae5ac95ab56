import type { Operator } from "../../operators/queries.js";
import type { OperatorSession } from "../../operators/sessions.js";
import type { Workspace } from "../../workspaces/index.js";
import type { FlashMessage } from "../../../views/components/flash.js";
import type { Env } from "../env.js";

/** `c.var` of admin routes: the signed-in operator and session (when any) and the workspace list. */
export interface AdminEnv {
  Variables: Env["Variables"] & {
    operator: Operator | undefined;
    session: OperatorSession | undefined;
    workspaces: Workspace[];
    /** A message for this very response (redirects use the flash cookie instead). */
    flash: FlashMessage | undefined;
  };
}
