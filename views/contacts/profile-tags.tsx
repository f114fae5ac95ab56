import { TagEditor, type TagEditorProps } from "../components/tag-editor.js";

export interface ProfileTagsProps extends TagEditorProps {
  contactId: string;
}

/** The contact's tags with remove buttons, and a box to add one (a new name creates the tag). */
export function ProfileTags(p: ProfileTagsProps) {
  return <TagEditor {...p} base={`/contacts/${p.contactId}/tags`} sectionId="contact-tags" idPrefix="" />;
}
