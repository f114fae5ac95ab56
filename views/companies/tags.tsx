import { TagEditor, type TagEditorProps } from "../components/tag-editor.js";

export interface CompanyTagsProps extends TagEditorProps {
  companyId: string;
}

/** The company's tags with remove buttons, and a box to add one (a new name creates the tag). */
export function CompanyTags(p: CompanyTagsProps) {
  return <TagEditor {...p} base={`/companies/${p.companyId}/tags`} sectionId="company-tags" idPrefix="company-" />;
}
