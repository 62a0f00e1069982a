import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime, formatTime } from '../../domain/time';
import { paths } from '../paths';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

const wholeNumbers = new Intl.NumberFormat('en-GB');

export function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

export const viewsDir = join(here, '..', 'views');

export async function registerViews(app: FastifyInstance, options: { production: boolean }): Promise<void> {
  const mojFilters = require('@ministryofjustice/frontend/moj/filters/all.js')() as Record<string, (...a: unknown[]) => unknown>;
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [viewsDir, join(packageDir('govuk-frontend'), 'dist'), packageDir('@ministryofjustice/frontend')],
    options: {
      autoescape: true,
      throwOnUndefined: false,
      noCache: !options.production,
      onConfigure(env: nunjucks.Environment) {
        for (const [name, fn] of Object.entries(mojFilters)) env.addFilter(name, fn);
        env.addFilter('govukDate', (iso: string) => (iso ? formatDate(iso) : ''));
        env.addFilter('govukTime', (iso: string) => (iso ? formatTime(iso) : ''));
        env.addFilter('govukDateTime', (iso: string) => (iso ? formatDateTime(iso) : ''));
        env.addFilter('json', (v: unknown) => JSON.stringify(v));
        env.addFilter('formatNumber', (n: number) => (typeof n === 'number' ? wholeNumbers.format(n) : n));
        env.addGlobal('paths', paths);
        if (options.production) {
          memoiseImports(env);
          // The footer is the same on every page: in production it is rendered once, not per request.
          env.addGlobal('footerHtml', new nunjucks.runtime.SafeString(env.render('partials/footer.njk', {})));
        }
      },
    },
  });
}

type Exported = Record<string, unknown>;
type GetExported = (ctx?: unknown, parentFrame?: unknown, cb?: (err: Error | null, exported: Exported | null) => void) => void;

/** Environments whose `{% from ... import %}` results are kept: production ones, whose templates never change. */
const memoising = new WeakSet<nunjucks.Environment>();
const exportedOf = new WeakMap<nunjucks.Template, Exported>();

/**
 * Keeps what a template exports, the first time it is imported, for an environment whose
 * templates are cached. Every `{% from "govuk/components/.../macro.njk" import ... %}` otherwise
 * runs the imported file again on every render, and each GOV.UK component runs its own imports
 * again each time it is called: half the rendering time of a simple page. Only an import without
 * "with context" is kept. Nunjucks runs that with an empty context and a fresh frame, so the file
 * defines the same macros every time, and keeping them changes no page.
 */
function memoiseImports(env: nunjucks.Environment): void {
  memoising.add(env);
  const proto = nunjucks.Template.prototype as unknown as { getExported: GetExported; memoised?: true };
  if (proto.memoised) return;
  const getExported = proto.getExported;
  proto.getExported = function (this: nunjucks.Template & { env: nunjucks.Environment }, ctx, parentFrame, cb) {
    if (typeof ctx !== 'function' || !memoising.has(this.env)) return getExported.call(this, ctx, parentFrame, cb);
    const done = ctx as (err: Error | null, exported: Exported | null) => void;
    const kept = exportedOf.get(this);
    if (kept) return done(null, kept);
    return getExported.call(this, (err: Error | null, exported: Exported | null) => {
      if (!err && exported) exportedOf.set(this, exported);
      done(err, exported);
    });
  };
  proto.memoised = true;
}
