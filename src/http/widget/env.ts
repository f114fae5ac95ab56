import type { Contact } from "../../contacts/index.js";
import type { WidgetSession } from "../../messenger/index.js";
import type { Workspace } from "../../workspaces/index.js";
import type { Env } from "../env.js";

/** `c.var` of messenger routes after the session check. */
export interface WidgetEnv {
  Variables: Env["Variables"] & {
    session: WidgetSession;
    contact: Contact;
    workspace: Workspace;
  };
}
