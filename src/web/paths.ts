/** Every URL of the web pages, built in one place (handlers, redirects and templates use these). */
export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  signOut: () => '/sign-out',
  occurrences: () => '/occurrences',
  newOccurrence: () => '/occurrences/new',
  occurrence: (reference: string) => `/occurrences/${encodeURIComponent(reference)}`,
  changeReport: (reference: string) => `/occurrences/${encodeURIComponent(reference)}/report/change`,
  policy: () => '/policy',
  worklist: () => '/worklist',
  triage: () => '/triage',
  scu: () => '/scu',
  training: () => '/training',
  apiDocs: () => '/api/docs',
  health: () => '/health',
} as const;
