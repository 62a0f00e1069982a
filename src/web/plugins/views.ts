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
        // The footer is the same on every page: in production it is rendered once, not per request.
        if (options.production) env.addGlobal('footerHtml', new nunjucks.runtime.SafeString(env.render('partials/footer.njk', {})));
      },
    },
  });
}
