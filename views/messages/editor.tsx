import type { MessageStatus } from "../../src/db/schema/index.js";
import { AuthFields, type FormAuth } from "../components/form.js";
import { PageHeader } from "../components/page-header.js";
import { AudienceSection, type SegmentOption } from "./editor-audience.js";
import { ContentSection } from "./editor-content.js";
import { In, Radios, Section, val, type FormState } from "./editor-parts.js";
import { DeliverySection, GoalSection, TimingSection } from "./editor-timing.js";

export interface EditorProps extends FormState {
  /** Absent for a new message. */
  message?: { id: string; name: string; status: MessageStatus } | undefined;
  segments: SegmentOption[];
  audienceCount?: number | undefined;
  auth: FormAuth;
}

const CHANNELS: [string, string][] = [["email", "Email"], ["chat", "In-app chat"], ["post", "Post"], ["banner", "Banner"], ["notification", "Notification"]];

/**
 * New / edit message. One plain form (works without scripts); sections that only apply to some channels, kinds
 * or triggers are hidden by CSS from the checked radio (`:has()`), so nothing typed is lost when switching.
 */
export function MessageEditor(p: EditorProps) {
  const started = p.message !== undefined && p.message.status !== "draft" && p.message.status !== "scheduled";
  const action = p.message ? `/messages/${p.message.id}` : "/messages";
  const errors = Object.entries(p.errors).filter(([, v]) => v);
  return (
    <section id="message-editor">
      <PageHeader title={p.message ? `Edit “${p.message.name}”` : "New message"}
        actions={<a class="btn" href={p.message ? `/messages/${p.message.id}` : "/messages"}>Cancel</a>} />
      <form method="post" action={action} id="message-form" class="msg-form" novalidate>
        <AuthFields auth={p.auth} />
        {errors.length > 0 && (
          <div class="form-error" role="alert" id="message-errors">
            <p>Please fix {errors.length === 1 ? "this" : "these"}:</p>
            <ul>{errors.map(([, v]) => <li>{v}</li>)}</ul>
          </div>
        )}
        <Section id="msg-basics" title="Message">
          <In s={p} name="name" label="Name (only your team sees it)" maxlength={255} required />
          <Radios s={p} name="channel" legend="Channel" options={CHANNELS} disabled={started} />
          <Radios s={p} name="kind" legend="Type" options={[["one_off", "One-off (a broadcast)"], ["ongoing", "Automatic (fired by a trigger)"]]} disabled={started} />
          {started && (
            <>
              <input type="hidden" name="channel" value={val(p, "channel")} />
              <input type="hidden" name="kind" value={val(p, "kind")} />
            </>
          )}
        </Section>
        <ContentSection s={p} />
        <AudienceSection s={p} segments={p.segments} count={p.audienceCount} locked={started && val(p, "kind") === "one_off"} messageId={p.message?.id} />
        <TimingSection s={p} segments={p.segments} messageId={p.message?.id} />
        <GoalSection s={p} />
        <DeliverySection s={p} />
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">{p.message ? "Save changes" : "Save draft"}</button>
          <span class="muted small">You can preview, send a test and launch it on the next page.</span>
        </div>
      </form>
    </section>
  );
}
