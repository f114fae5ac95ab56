import { parseArgs } from "node:util";
import type { Ctx } from "../context.js";
import { AppError, notFound } from "../lib/errors.js";
import { createApiToken, listApiTokens, listWorkspaces, revokeApiToken, type Workspace } from "../workspaces/index.js";
import { formatTable, formatTime } from "./table.js";

/** Where command output goes: `out` is the result (pipeable), `err` is notes and errors. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `Usage: npm run parley -- <command>   (production build: node dist/src/cli.js <command>)

Commands:
  workspaces [--secrets]               list workspaces: id, app id, environment, name, write key
                                       (--secrets adds the identity-verification secrets)
  tokens <workspace>                   list a workspace's API tokens (workspace id or app id)
  token create <workspace> [--name N]  create an API token and print it once
  token revoke <token id>              revoke an API token at once
  help                                 show this text

The database is DATABASE_PATH (default ./data/parley.db), as for the server.`;

/** Wrong arguments: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

/** Each command's arguments and the options it accepts; parseArgs checks the option types. */
const COMMANDS = {
  help: { args: [], options: [] },
  workspaces: { args: [], options: ["secrets"] },
  tokens: { args: ["<workspace>"], options: [] },
  "token create": { args: ["<workspace>"], options: ["name"] },
  "token revoke": { args: ["<token id>"], options: [] },
} as const satisfies Record<string, { args: readonly string[]; options: readonly string[] }>;

type CommandName = keyof typeof COMMANDS;

export interface Command {
  name: CommandName;
  args: string[];
  secrets: boolean;
  tokenName: string | undefined;
}

/** Turns argv (without node and script) into a command, or throws UsageError. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { secrets: { type: "boolean" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help", args: [], secrets: false, tokenName: undefined };
  if (positionals.length === 0) throw new UsageError("missing command");
  // "token" takes a sub-command; every other command is one word.
  const words = positionals[0] === "token" ? 2 : 1;
  const name = positionals.slice(0, words).join(" ");
  if (!(name in COMMANDS)) throw new UsageError(`unknown command "${name}"`);
  const spec = COMMANDS[name as CommandName];
  const args = positionals.slice(words);
  const stray = Object.keys(values).find((k) => !(spec.options as readonly string[]).includes(k));
  if (stray) throw new UsageError(`--${stray} does not apply to "${name}"`);
  if (args.length !== spec.args.length) throw new UsageError(`expected: ${[name, ...spec.args].join(" ")}`);
  return { name: name as CommandName, args, secrets: values.secrets === true, tokenName: values.name };
}

/** Runs one CLI command against the database `connect` opens; returns the process exit code. */
export function runCli(argv: string[], connect: () => Ctx, io: CliIo): number {
  let cmd: Command;
  try {
    cmd = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`error: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  // help needs no database: asking for usage must not create one.
  if (cmd.name === "help") {
    io.out(USAGE);
    return 0;
  }
  try {
    execute(cmd, connect(), io);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    io.err(`error: ${err.message}`);
    return 1;
  }
}

function execute(cmd: Command, ctx: Ctx, io: CliIo): void {
  const [arg = ""] = cmd.args;
  switch (cmd.name) {
    case "workspaces":
      return showWorkspaces(ctx, io, cmd.secrets);
    case "tokens":
      return showTokens(ctx, io, resolveWorkspace(ctx, arg));
    case "token create": {
      const ws = resolveWorkspace(ctx, arg);
      const { token, row } = createApiToken(ctx, ws.id, { name: cmd.tokenName ?? "CLI token" });
      io.err(`Created ${row.id} for ${ws.environment} workspace ${ws.id} (app id ${ws.idCode}).`);
      io.err("Copy the token now: only its hash is stored, it cannot be shown again.");
      io.out(token);
      return;
    }
    case "token revoke":
      revokeApiToken(ctx, arg);
      io.out(`Revoked ${arg}`);
  }
}

function showWorkspaces(ctx: Ctx, io: CliIo, secrets: boolean): void {
  const all = listWorkspaces(ctx);
  if (all.length === 0) {
    io.err("No workspaces yet: start the server once (npm start) and it creates them.");
    return;
  }
  const head = ["ID", "APP ID", "ENVIRONMENT", "NAME", "WRITE KEY", ...(secrets ? ["IDENTITY SECRET"] : [])];
  const rows = all.map((w) => [w.id, w.idCode, w.environment, w.name, w.writeKey, ...(secrets ? [w.identitySecret] : [])]);
  formatTable(head, rows).forEach((l) => io.out(l));
}

function showTokens(ctx: Ctx, io: CliIo, ws: Workspace): void {
  const tokens = listApiTokens(ctx, ws.id);
  if (tokens.length === 0) {
    io.err(`No API tokens for ${ws.id}: npm run parley -- token create ${ws.idCode}`);
    return;
  }
  const rows = tokens.map((t) => [t.id, t.name, `${t.prefix}…`, formatTime(t.createdAt), formatTime(t.lastUsedAt), formatTime(t.revokedAt)]);
  formatTable(["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "REVOKED"], rows).forEach((l) => io.out(l));
}

/** Accepts the workspace id or its public app id (id_code), the two things operators copy around. */
function resolveWorkspace(ctx: Ctx, ref: string): Workspace {
  const ws = listWorkspaces(ctx).find((w) => w.id === ref || w.idCode === ref);
  if (!ws) throw notFound(`No workspace "${ref}" (use an id or app id from: npm run parley -- workspaces)`);
  return ws;
}
