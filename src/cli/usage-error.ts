/** The command or its arguments were wrong: exit code 2 with this message. */
export class UsageError extends Error {}
