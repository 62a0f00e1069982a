import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context';
import { signIn } from '../../app/admin/users';
import { AppError, ValidationError } from '../../app/errors';
import { pageContext, RETURN_TO_COOKIE, sameSitePath } from '../server';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';

/** Only local paths (of bounded length) are followed after sign-in, so the page cannot be used to send users elsewhere. */
function safeReturnTo(v: unknown): string {
  return sameSitePath(v) ?? paths.home();
}

export async function registerAuthRoutes(app: FastifyInstance, deps: AppDeps, limits: { attemptsPerMinute: number }): Promise<void> {
  app.get(paths.signIn(), { config: { access: 'public' } }, async (request, reply) => {
    if (request.actor) return reply.redirect(paths.home(), 303);
    return reply.view('sign-in.njk', pageContext(request, reply, { title: 'Sign in', needsCsrf: true, values: {} }));
  });

  app.post(
    paths.signIn(),
    {
      config: {
        access: 'public',
        rateLimit: { max: limits.attemptsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const values = formFields(request.body);
      try {
        const user = await signIn(deps, values);
        const returnTo = safeReturnTo(request.cookies[RETURN_TO_COOKIE]);
        reply.clearCookie(RETURN_TO_COOKIE, { path: paths.signIn() });
        // A new session id at sign-in: a session fixed before sign-in is worthless after it.
        await request.session.regenerate();
        request.session.userId = user.id;
        return reply.redirect(returnTo, 303);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const issues = err instanceof ValidationError ? err.issues : [{ field: 'username', message: err.message }];
        reply.code(err instanceof ValidationError ? 400 : 401);
        return reply.view(
          'sign-in.njk',
          pageContext(request, reply, { title: 'Sign in', needsCsrf: true, values: { username: values.username ?? '' }, ...errorView(issues) }),
        );
      }
    },
  );

  app.post(paths.signOut(), { config: { access: 'signed_in' } }, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect(paths.signIn(), 303);
  });
}
