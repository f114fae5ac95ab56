import type { Context, Hono } from "hono";
import type { Ctx } from "../../../context.js";
import { getConversation, getSavedReply, markRead, renderSavedReply, type Conversation } from "../../../conversations/index.js";
import { getContact } from "../../../contacts/index.js";
import { Composer } from "../../../../views/inbox/composer.js";
import type { InboxQuery } from "../../../../views/inbox/list-url.js";
import { ConversationList, MoreRows } from "../../../../views/inbox/list.js";
import { InboxPage } from "../../../../views/inbox/page.js";
import { ContactSidebar } from "../../../../views/inbox/sidebar.js";
import { ThreadLive } from "../../../../views/inbox/thread.js";
import type { AdminEnv } from "../env.js";
import { page, sendHtml } from "../render.js";
import { composerProps, listProps, parseListCursor, sidebarProps, threadProps, viewLinks } from "./data.js";
import { operatorActor, readQuery } from "./query.js";

/** The conversation named in the path, within the current workspace (NOT_FOUND otherwise). */
export function pathConversation(c: Context<AdminEnv>, ctx: Ctx): Conversation {
  return getConversation(ctx, c.var.workspace.id, c.req.param("id") ?? "");
}

/** The thread's live fragment, after marking it read by this operator (the operator is looking at it). */
export function threadLive(c: Context<AdminEnv>, ctx: Ctx, conv: Conversation, q: InboxQuery) {
  markRead(ctx, c.var.workspace.id, conv.id, operatorActor(c));
  return <ThreadLive {...threadProps(c, ctx, conv, q)} />;
}

function inboxPage(c: Context<AdminEnv>, ctx: Ctx, q: InboxQuery, conv?: Conversation) {
  const thread = conv && (
    <>
      <div id="thread-live" hx-get={`/inbox/${conv.id}/live`} hx-trigger="sse:part, sse:reset" hx-swap="innerHTML">
        {threadLive(c, ctx, conv, q)}
      </div>
      <p id="typing-indicator" class="typing muted" sse-swap="typing" hx-swap="none" aria-live="polite"></p>
      <Composer {...composerProps(c, ctx, conv, q)} />
    </>
  );
  const sidebar = conv && <ContactSidebar {...sidebarProps(c, ctx, conv, q)} />;
  const fragment = <InboxPage list={listProps(c, ctx, q)} views={viewLinks(c, ctx)} operatorId={c.var.operator!.id} thread={thread} sidebar={sidebar} />;
  return page(c, { title: "Inbox", active: "inbox", fragment });
}

/** `GET /inbox`, `/inbox/list` (the list fragment), `/inbox/:id`, `/inbox/:id/live`, `/inbox/:id/composer`. */
export function pageRoutes(app: Hono<AdminEnv>, ctx: Ctx): void {
  app.get("/", async (c) => inboxPage(c, ctx, await readQuery(c)));

  app.get("/list", async (c) => {
    const after = parseListCursor(c.req.query("after"));
    const props = listProps(c, ctx, await readQuery(c), after);
    // "Load more": only the next page's rows (and the next "Load more"), appended in place.
    return sendHtml(c, after ? <MoreRows {...props} /> : <ConversationList {...props} />);
  });

  app.get("/:id{[0-9]+}", async (c) => {
    const conv = pathConversation(c, ctx);
    return inboxPage(c, ctx, await readQuery(c, conv.id), conv);
  });

  app.get("/:id{[0-9]+}/live", async (c) => {
    const conv = pathConversation(c, ctx);
    return sendHtml(c, threadLive(c, ctx, conv, await readQuery(c, conv.id)));
  });

  // Inserting a saved reply: the composer again, with the reply rendered for this conversation's contact.
  app.get("/:id{[0-9]+}/composer", async (c) => {
    const conv = pathConversation(c, ctx);
    const q = await readQuery(c, conv.id);
    const saved = c.req.query("saved");
    const kind = c.req.query("kind") === "note" ? "note" : "comment";
    const body = saved ? renderSavedReply(getSavedReply(ctx, c.var.workspace.id, saved), replyVars(c, ctx, conv)) : "";
    return sendHtml(c, <Composer {...composerProps(c, ctx, conv, q)} kind={kind} body={body} />);
  });
}

/** Variables a saved reply may use. */
function replyVars(c: Context<AdminEnv>, ctx: Ctx, conv: Conversation) {
  const contact = getContact(ctx, c.var.workspace.id, conv.contactId);
  const op = c.var.operator!;
  return {
    contact: {
      name: contact.name, email: contact.email, user_id: contact.externalId, first_name: contact.name?.split(/\s+/)[0] ?? null,
      custom_attributes: contact.customAttributes ?? {},
    },
    operator: { name: op.name, email: op.email },
  };
}
