import type { Ctx } from "../../context.js";
import { findContact, type Contact } from "../../contacts/index.js";
import {
  findPart, htmlToText, isReadByTeam, listRecentParts, listTeammateIds, type Conversation, type Part,
} from "../../conversations/index.js";
import type { Attachment } from "../../db/schema/index.js";
import { findOperator, type Operator } from "../../operators/queries.js";
import type { Workspace } from "../../workspaces/index.js";
import { seconds } from "./serialize.js";

/** Intercom returns at most this many parts with a conversation (the newest ones). */
const MAX_PARTS = 500;

export interface ConversationJsonOpts {
  /** Include `conversation_parts` (single-conversation answers; lists leave them out). */
  parts: boolean;
  /** `display_as=plaintext`: bodies as text instead of HTML. */
  plaintext: boolean;
}

export interface AuthorJson {
  type: string;
  id: string;
  name: string | null;
  email: string | null;
}

function attachmentJson(a: Attachment) {
  return { type: a.type, name: a.name, url: a.url, content_type: a.contentType, filesize: a.filesize, width: a.width, height: a.height };
}

const EMPTY = {
  team_assignee_id: null, tags: { type: "tag.list", tags: [] }, priority: "not_priority", sla_applied: null, statistics: null,
  conversation_rating: null, topics: {}, ticket: null, linked_objects: { type: "list", data: [], total_count: 0, has_more: false },
  ai_agent: null, ai_agent_participated: false,
};

/**
 * Serializes one workspace's conversations in Intercom's shape (COMPAT §2.10). Authors are looked up once
 * per contact/operator per instance, so a page of conversations costs few queries: make one per request.
 */
export class ConversationJson {
  private readonly contacts = new Map<string, Contact | undefined>();
  private readonly operators = new Map<number, Operator | undefined>();

  constructor(private readonly ctx: Ctx, private readonly workspace: Workspace) {}

  /** A conversation; with its parts (the newest 500, source excluded) when `opts.parts`. */
  conversation(c: Conversation, opts: ConversationJsonOpts) {
    const channel = c.channel === "email" ? "email" : "conversation";
    return {
      type: "conversation",
      id: String(c.id),
      created_at: seconds(c.createdAt),
      updated_at: seconds(c.updatedAt),
      waiting_since: seconds(c.waitingSince),
      snoozed_until: seconds(c.snoozedUntil),
      source: this.source(c, opts.plaintext),
      contacts: { type: "contact.list", contacts: [{ type: "contact", id: c.contactId, external_id: this.contact(c.contactId)?.externalId ?? null }] },
      first_contact_reply: c.firstContactReplyAt === null ? null : { created_at: seconds(c.firstContactReplyAt), type: channel, url: null },
      admin_assignee_id: c.assigneeId,
      open: c.state !== "closed",
      state: c.state,
      read: isReadByTeam(c),
      teammates: { type: "admin.list", admins: listTeammateIds(this.ctx, c.id).map((id) => ({ type: "admin", id: String(id) })) },
      title: c.title,
      custom_attributes: c.customAttributes,
      ...EMPTY,
      ...(opts.parts ? { conversation_parts: this.parts(c, opts.plaintext) } : {}),
    };
  }

  /** One conversation part. */
  part(p: Part, plaintext = false) {
    return {
      type: "conversation_part",
      id: String(p.id),
      part_type: p.partType,
      body: this.body(p.body, plaintext),
      created_at: seconds(p.createdAt),
      updated_at: seconds(p.createdAt),
      notified_at: seconds(p.createdAt),
      assigned_to: p.partType === "assignment" && p.assignedToId !== null ? { type: "admin", id: String(p.assignedToId) } : null,
      author: this.author(p),
      attachments: p.attachments.map(attachmentJson),
      external_id: p.externalId,
      redacted: false,
    };
  }

  /** Who wrote a part: the contact as `user`/`lead`, an operator as `admin` (0 = the API itself), the system as `bot`. */
  author(p: Pick<Part, "authorType" | "authorId">): AuthorJson {
    if (p.authorType === "contact" && p.authorId) {
      const c = this.contact(p.authorId);
      return { type: c?.role ?? "user", id: p.authorId, name: c?.name ?? null, email: c?.email ?? null };
    }
    if (p.authorType === "operator" && p.authorId && p.authorId !== "0") {
      const op = this.operator(Number(p.authorId));
      return { type: "admin", id: p.authorId, name: op?.name ?? null, email: op?.email ?? null };
    }
    if (p.authorType === "operator") return { type: "admin", id: "0", name: `${this.workspace.name} API`, email: null };
    return { type: "bot", id: "0", name: "Parley", email: null };
  }

  private source(c: Conversation, plaintext: boolean) {
    const src = c.sourcePartId === null ? undefined : findPart(this.ctx, this.workspace.id, c.sourcePartId);
    return {
      type: c.channel === "email" ? "email" : "conversation",
      id: String(c.sourcePartId ?? ""),
      delivered_as: c.deliveredAs,
      subject: c.subject ?? "",
      body: src ? this.body(src.body, plaintext) : null,
      author: this.author(src ?? { authorType: "contact", authorId: c.contactId }),
      attachments: src ? src.attachments.map(attachmentJson) : [],
      url: null,
      redacted: false,
    };
  }

  private parts(c: Conversation, plaintext: boolean) {
    const parts = listRecentParts(this.ctx, c.id, MAX_PARTS + 1).filter((p) => p.id !== c.sourcePartId).slice(-MAX_PARTS);
    return { type: "conversation_part.list", total_count: parts.length, conversation_parts: parts.map((p) => this.part(p, plaintext)) };
  }

  private body(html: string | null, plaintext: boolean): string | null {
    return html === null ? null : plaintext ? htmlToText(html) : html;
  }

  private contact(id: string): Contact | undefined {
    if (!this.contacts.has(id)) this.contacts.set(id, findContact(this.ctx, this.workspace.id, id));
    return this.contacts.get(id);
  }

  private operator(id: number): Operator | undefined {
    if (!this.operators.has(id)) this.operators.set(id, findOperator(this.ctx, id));
    return this.operators.get(id);
  }
}
