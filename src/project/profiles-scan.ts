/**
 * profiles.yml read for a scan that must never fail (redaction, the Action's OIDC check): the
 * parsed YAML and an env_var() renderer, or nothing when there is no readable file (the command
 * itself reports the problem).
 */
import { createEnvRenderer, type EnvRenderer } from './env-render.js';
import { findProfilesFile } from './profiles.js';
import { readYamlFile } from './yaml-source.js';

export interface ProfilesLocation {
  projectDir: string;
  profilesDir?: string;
  env: Record<string, string | undefined>;
}

export function scanProfiles(location: ProfilesLocation): { file: string; root: unknown; renderer: EnvRenderer } | undefined {
  const file = findProfilesFile(location);
  if (!file) return undefined;
  try {
    return { file, root: readYamlFile(file, file, 'config').value, renderer: createEnvRenderer(location.env) };
  } catch {
    return undefined;
  }
}
