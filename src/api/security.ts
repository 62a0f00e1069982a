/** OpenAPI security for every API route: a bearer token or the session cookie. */
export const apiSecurity: { [scheme: string]: string[] }[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
