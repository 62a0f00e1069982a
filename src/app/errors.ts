/** Errors with stable codes that every adapter knows how to show. */
export interface FieldIssue {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
}

/** Bad input: nothing was written. */
export class ValidationError extends AppError {
  readonly code = 'validation_failed';
  readonly status = 400;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; ') || 'Invalid input');
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';
  readonly status = 403;
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  readonly status = 404;
  constructor(message = 'Not found') {
    super(message);
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'unauthenticated';
  readonly status = 401;
  constructor(message = 'Sign in to continue') {
    super(message);
  }
}

/** A stale version, a duplicate: the caller should reload and try again. */
export class ConflictError extends AppError {
  readonly code = 'conflict';
  readonly status = 409;
}

/** The policy refuses: carries the requirement IDs so the user can ask why. */
export class PolicyViolationError extends AppError {
  readonly code = 'policy_violation';
  readonly status = 422;
  constructor(readonly violations: { requirement: string; message: string }[]) {
    super(violations.map((v) => `${v.requirement}: ${v.message}`).join('; '));
  }
}

export function issuesFromZodError(error: { issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[] }): FieldIssue[] {
  return error.issues.flatMap((i) => {
    // A field that is not part of the input is named itself, not the object holding it.
    if (i.code === 'unrecognized_keys' && i.keys?.length) {
      return i.keys.map((key) => ({ field: [...i.path.map(String), key || '""'].join('.'), message: `${key || '""'} is not a field this accepts` }));
    }
    return [{ field: i.path.length ? i.path.map(String).join('.') : '(input)', message: i.message }];
  });
}

/**
 * Opening a restricted record (ID-08) needs a recorded reason (need to know): the read is logged
 * with it. The web asks for it on a page; the API takes it in the X-Access-Reason header.
 */
export class AccessReasonRequiredError extends AppError {
  readonly code = 'access_reason_required';
  readonly status = 428;
  constructor(readonly reference: string) {
    super('This record is restricted: give your reason for opening it (the X-Access-Reason header on the API)');
  }
}
