/** Top-level admin areas. `ready: false` items render as "Soon" until their pages land. */
export type NavKey = "home" | "inbox" | "contacts" | "companies" | "segments" | "messages" | "series" | "reports" | "settings";

export interface NavItem {
  key: NavKey;
  label: string;
  href: string;
  ready: boolean;
}

export const NAV: readonly NavItem[] = [
  { key: "home", label: "Home", href: "/", ready: true },
  { key: "inbox", label: "Inbox", href: "/inbox", ready: true },
  { key: "contacts", label: "Contacts", href: "/contacts", ready: true },
  { key: "companies", label: "Companies", href: "/companies", ready: true },
  { key: "segments", label: "Segments", href: "/segments", ready: true },
  { key: "messages", label: "Messages", href: "/messages", ready: true },
  { key: "series", label: "Series", href: "/series", ready: true },
  { key: "reports", label: "Reports", href: "/reports", ready: true },
  { key: "settings", label: "Settings", href: "/settings", ready: true },
];
