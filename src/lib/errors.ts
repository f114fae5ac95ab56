/** Closed set of domain error codes; each HTTP surface maps them once. */
export type ErrorCode =
  | "NOT_FOUND"
  | "VALIDATION"
  | "CONFLICT"
  | "FORBIDDEN"
  | "UNAUTHORIZED"
  | "RATE_LIMITED"
  | "PRECONDITION_FAILED"
  | "PAYLOAD_TOO_LARGE";

const STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  RATE_LIMITED: 429,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
};

/** A failure the caller can act on; never carries a stack to the client. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** Surface-specific code override, e.g. Intercom's `company_not_found`. */
  readonly publicCode: string | undefined;

  constructor(code: ErrorCode, message: string, opts: { field?: string; publicCode?: string } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.field = opts.field;
    this.publicCode = opts.publicCode;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Shorthands for the common cases. */
export const notFound = (message: string, publicCode?: string) =>
  new AppError("NOT_FOUND", message, publicCode ? { publicCode } : {});
export const invalid = (field: string, message: string, publicCode?: string) =>
  new AppError("VALIDATION", message, publicCode ? { field, publicCode } : { field });
export const conflict = (message: string) => new AppError("CONFLICT", message);
