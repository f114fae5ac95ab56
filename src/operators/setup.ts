import { withTx, type Ctx } from "../context.js";
import { AppError } from "../lib/errors.js";
import { recordAudit } from "./audit.js";
import { createOperator, type CreatedOperator } from "./create.js";
import { hasOperators } from "./login.js";
import { consumeSetupToken } from "./setup-token.js";

/**
 * Creates the first operator (owner) from the `/setup` form. One transaction: the "no operator yet"
 * check, using up the setup token and the insert, so two racing requests cannot both win and a
 * failed insert leaves the token usable.
 */
export function completeSetup(ctx: Ctx, token: string, input: { email: string; name: string; password: string }): CreatedOperator {
  return withTx(ctx, () => {
    if (hasOperators(ctx)) throw new AppError("PRECONDITION_FAILED", "Parley is already set up. Sign in instead.");
    if (!consumeSetupToken(ctx, token)) {
      throw new AppError("FORBIDDEN", "That setup token is not valid. Use the one from the first-boot credentials file.", { field: "token" });
    }
    const op = createOperator(ctx, { ...input, role: "owner" });
    recordAudit(ctx, { operatorId: op.id, action: "operator.setup_completed", target: String(op.id), details: { email: op.email } });
    return op;
  });
}
