import type { FastifyInstance } from 'fastify';

/** The forms a page renders, read from its HTML the way a browser would submit them. */
export interface FormField {
  name: string;
  kind: 'text' | 'textarea' | 'select' | 'radio' | 'checkbox' | 'hidden';
  values: string[];
}
export interface ScrapedForm {
  method: 'get' | 'post';
  action: string;
  fields: FormField[];
}

export const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m ? decode(m[1]!) : undefined;
};

export function scrapeForms(html: string, pageUrl: string): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    const inner = m[2]!;
    const method = (attr(attrs, 'method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
    const action = attr(attrs, 'action') || pageUrl.split('?')[0]!;
    const fields = new Map<string, FormField>();
    const add = (name: string | undefined, kind: FormField['kind'], value: string) => {
      if (!name || name === '_csrf') return;
      const f = fields.get(name) ?? { name, kind, values: [] };
      f.values.push(value);
      fields.set(name, f);
    };
    for (const i of inner.matchAll(/<input\b([^>]*)>/g)) {
      const type = (attr(i[1]!, 'type') ?? 'text').toLowerCase();
      if (type === 'submit' || type === 'button') continue;
      add(attr(i[1]!, 'name'), type === 'radio' || type === 'checkbox' || type === 'hidden' ? (type as FormField['kind']) : 'text', attr(i[1]!, 'value') ?? '');
    }
    for (const ta of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) add(attr(ta[1]!, 'name'), 'textarea', decode(ta[2]!.replace(/^\n/, '')));
    for (const sel of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const options = [...sel[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attr(o[1]!, 'value') ?? '');
      const name = attr(sel[1]!, 'name');
      if (name) fields.set(name, { name, kind: 'select', values: options });
    }
    forms.push({ method, action, fields: [...fields.values()] });
  }
  return forms;
}

/** What a user would send without changing anything: each field as the page filled it in. */
export function formDefaults(form: ScrapedForm): [string, string][] {
  const out: [string, string][] = [];
  for (const f of form.fields) {
    if (f.kind === 'radio') out.push([f.name, f.values[0]!]);
    else if (f.kind === 'select') out.push([f.name, f.values.find((v) => v !== '') ?? '']);
    else if (f.kind === 'checkbox') out.push([f.name, f.values[0]!]);
    else out.push([f.name, f.values[0] ?? '']);
  }
  return out;
}

/** The registered route a form submits to. */
export function routeFor(server: FastifyInstance, method: string, url: string) {
  const path = url.split('?')[0]!;
  return server.routeCatalogue.find((r) => r.method === method && new RegExp(`^${r.url.replace(/:\w+/g, '[^/]+')}$`).test(path));
}
