export { parseFunnel, stepLabel, BREAKDOWNS, FUNNEL_WHERE_OPS, type FunnelDefinition, type FunnelStep, type Range } from "./funnel-inputs.js";
export { evaluateFunnel, type FunnelResult, type StepResult, type BreakdownRow } from "./funnel-evaluate.js";
export { funnelContactIds, listFunnelContacts, saveFunnelSegment, type FunnelContact, type StepPick } from "./funnel-contacts.js";
export { createFunnel, updateFunnel, getFunnel, listFunnels, deleteFunnel, type SavedFunnel } from "./funnel-store.js";
export { signupsPerDay, activeContacts, topEvents, utmSources, referrers, type Table } from "./audience.js";
export { weeklyCohorts } from "./cohorts.js";
export { audienceReport, tableCsv, AUDIENCE_TABLES, type AudienceReport, type AudienceTable } from "./audience-report.js";
export { inboxReport, percentile, INBOX_TABLES, WEEKDAYS, type InboxReport, type InboxTable, type InboxSummary } from "./inbox-report.js";
export { geoReport, geoTable, GEO_TABLES, type GeoReport, type GeoTable, type CountryCount, type CityCount } from "./geo-report.js";
