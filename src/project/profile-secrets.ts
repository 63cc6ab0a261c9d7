/**
 * The credentials written in profiles.yml, for redaction: the values of every secret field
 * (password, private_key, private_key_passphrase, token, …) of every target of every profile,
 * literal or through env_var(). Never throws: an unreadable profile gives what it can (the
 * command itself reports the problem).
 */
import { scanProfiles } from './profiles-scan.js';
import { isPlainMap } from './yaml-shapes.js';

/** Field names of a target that hold credentials (dbt-snowflake, dbt-postgres, dbt-bigquery, dbt-databricks …). */
const SECRET_FIELD = /pass|secret|token|private_key(?!_path)|keyfile_json|api_key|credentials?$|client_secret|refresh_token/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

export interface ProfileSecretsOptions {
  projectDir: string;
  profilesDir?: string;
  env: Record<string, string | undefined>;
}

export function profileSecrets(options: ProfileSecretsOptions): { source: string; value: string }[] {
  const scanned = scanProfiles(options);
  if (!scanned) return [];
  const { file, root, renderer } = scanned;
  const secrets: { source: string; value: string }[] = [];
  const collect = (value: unknown, path: string, secret: boolean): void => {
    if (isPlainMap(value)) {
      for (const [key, entry] of Object.entries(value)) collect(entry, `${path}.${key}`, secret || isSecretField(key));
    } else if (Array.isArray(value)) {
      value.forEach((entry, index) => collect(entry, `${path}[${index}]`, secret));
    } else if (secret && (typeof value === 'string' || typeof value === 'number')) {
      const text = String(value);
      if (!text.includes('{{')) {
        secrets.push({ source: `profiles.yml ${path}`, value: text });
        return;
      }
      try {
        const rendered = renderer.render(text, { file });
        if (rendered !== undefined && rendered !== null) secrets.push({ source: `profiles.yml ${path}`, value: String(rendered) });
      } catch {
        // env_var() without a value: nothing to redact
      }
    }
  };
  if (isPlainMap(root)) {
    for (const [profile, body] of Object.entries(root)) {
      if (isPlainMap(body) && isPlainMap(body.outputs)) collect(body.outputs, profile, false);
    }
  }
  return secrets;
}
