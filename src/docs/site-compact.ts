/**
 * Keeps data/site.json small (the 10,000-model project must stay under 25 MB): members leave out
 * what the site can restore exactly: their own id (the map's key), empty descriptions, tags, meta
 * and columns, and config values equal to the most common value of their resource type (kept once
 * in `configDefaults`; keys a member lacks are listed in its `config.__absent`). Tests leave out
 * what no page shows (relation names, the macros they call). docs-site/src/hydrate.ts undoes it.
 */
import type { SiteManifest, SiteNode } from './site-types.js';

export const ABSENT_KEY = '__absent';

type Loose = Record<string, unknown>;

/** JSON text of config objects, made once per object (each is read twice: for the defaults, then for the delta). */
const texts = new WeakMap<object, string>();
function jsonText(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

export function compactManifest(manifest: SiteManifest): SiteManifest {
  const groups = new Map<string, Loose[]>();
  for (const member of [...Object.values(manifest.nodes), ...Object.values(manifest.sources)] as unknown as Loose[]) {
    const type = String(member.resource_type);
    if (!groups.has(type)) groups.set(type, []);
    groups.get(type)!.push(member);
  }
  const configDefaults: Record<string, Loose> = {};
  for (const [type, members] of groups) configDefaults[type] = commonValues(members.map((member) => member.config as Loose));
  const compactMember = (member: Loose): Loose => {
    const out: Loose = {};
    for (const [key, value] of Object.entries(member)) {
      if (key === 'unique_id' || key === 'path') continue;
      if (isEmpty(value) && ['description', 'tags', 'meta', 'columns'].includes(key)) continue;
      out[key] = value;
    }
    if (member.config && typeof member.config === 'object') {
      const delta = configDelta(member.config as Loose, configDefaults[String(member.resource_type)] ?? {});
      if (Object.keys(delta).length > 0) out.config = delta;
      else delete out.config;
    }
    if (member.resource_type === 'test') {
      for (const key of ['database', 'schema', 'alias', 'relation_name']) delete out[key];
      const node = member as unknown as SiteNode;
      out.depends_on = { nodes: node.depends_on.nodes };
      if (node.test_metadata) {
        const { model: _model, ...kwargs } = node.test_metadata.kwargs;
        out.test_metadata = { ...node.test_metadata, kwargs };
      }
    }
    return out;
  };
  const map = (members: Record<string, object>) => Object.fromEntries(Object.entries(members).map(([id, member]) => [id, compactMember(member as Loose)]));
  return {
    ...manifest,
    nodes: map(manifest.nodes) as unknown as SiteManifest['nodes'],
    sources: map(manifest.sources) as unknown as SiteManifest['sources'],
    exposures: map(manifest.exposures) as unknown as SiteManifest['exposures'],
    configDefaults,
  };
}

function isEmpty(value: unknown): boolean {
  if (value === '' || value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}

/** For each key, the value (compared as JSON) more than half of the configs have. */
function commonValues(configs: Loose[]): Loose {
  const counts = new Map<string, Map<string, { value: unknown; count: number }>>();
  for (const config of configs) {
    for (const [key, value] of Object.entries(config ?? {})) {
      if (!counts.has(key)) counts.set(key, new Map());
      const text = value !== null && typeof value === 'object' ? jsonText(value) : `${typeof value}:${String(value)}`;
      const entry = counts.get(key)!.get(text) ?? { value, count: 0 };
      entry.count++;
      counts.get(key)!.set(text, entry);
    }
  }
  const out: Loose = {};
  for (const [key, values] of counts) {
    const best = [...values.values()].sort((a, b) => b.count - a.count)[0]!;
    if (best.count * 2 > configs.length) out[key] = best.value;
  }
  return out;
}

/**
 * Equal as JSON: primitives directly, objects by their JSON text. (Objects equal but for key order
 * count as different: the member then keeps its own value, which is still exact.)
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return jsonText(a) === jsonText(b);
}

function configDelta(config: Loose, defaults: Loose): Loose {
  const out: Loose = {};
  for (const [key, value] of Object.entries(config)) {
    if (key in defaults && same(defaults[key], value)) continue;
    out[key] = value;
  }
  const absent = Object.keys(defaults).filter((key) => !(key in config));
  if (absent.length > 0) out[ABSENT_KEY] = absent;
  return out;
}
