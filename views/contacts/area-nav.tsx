/** Pages of the Contacts area. */
export type ContactArea = "people" | "tags" | "data";

const LINKS: { key: ContactArea; label: string; href: string }[] = [
  { key: "people", label: "People", href: "/contacts" },
  { key: "tags", label: "Tags", href: "/tags" },
  { key: "data", label: "Data", href: "/data" },
];

/** Sub-navigation shared by the contacts list, tags and data pages. */
export function AreaNav(props: { active: ContactArea }) {
  return (
    <nav class="area-nav" aria-label="Contacts area">
      {LINKS.map((l) => (
        <a href={l.href} aria-current={l.key === props.active ? "page" : undefined}>{l.label}</a>
      ))}
    </nav>
  );
}
