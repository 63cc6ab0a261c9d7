import fs from 'node:fs';
import path from 'node:path';

/**
 * Where secret values come from: environment variables whose names look secret (dbt's
 * `DBT_ENV_SECRET_` prefix, and names holding PASSWORD, SECRET, TOKEN, KEY, PASS, CREDENTIAL …),
 * environment variables the user names, and the credential fields of every profile target.
 */

const SECRET_NAME = /^DBT_ENV_SECRET_|PASSWORD|PASSWD|PASSPHRASE|PASS(?![A-Z])|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|CERT/i;
/** Names that match the pattern but hold no secret. */
const NOT_SECRET = new Set(['PWD', 'OLDPWD', 'SSH_AUTH_SOCK', 'GPG_AGENT_INFO']);

/** True for environment variable names dbt or a person would take for a secret. */
export function looksSecret(name: string): boolean {
  return !NOT_SECRET.has(name.toUpperCase()) && SECRET_NAME.test(name);
}

export interface SecretValue {
  /** Where the value came from (an environment variable's name, `profiles.yml: dev.password` …); never the value. */
  source: string;
  value: string;
}

/** Values of the secret-looking environment variables, plus those named in `listed` (exact names). */
export function environmentSecrets(env: Record<string, string | undefined>, listed: readonly string[] = []): SecretValue[] {
  const secrets: SecretValue[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    // The Action's own inputs: its credential inputs are taken by name, the others (`secret-env`) hold no secret.
    if (name.startsWith('INPUT_')) continue;
    if (listed.includes(name) || name.startsWith('DBT_ENV_SECRET_') || (looksSecret(name) && !namesAnExistingPath(value))) secrets.push({ source: `$${name}`, value });
  }
  return secrets;
}

/**
 * `SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt`, `KEY_PATH=/home/runner/key.p8`: a name that
 * looks secret holding where a file is, not what it says. Such a path redacted would mangle every
 * message that names the folder; the file's contents never reach the output through its path.
 */
function namesAnExistingPath(value: string): boolean {
  return path.isAbsolute(value) && !value.includes('\n') && fs.existsSync(value);
}

/** `a, b c\nd` → the names; empty parts dropped. */
export function parseNameList(text: string): string[] {
  return text.split(/[\s,]+/).filter((name) => name !== '');
}
