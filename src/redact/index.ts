export { REDACTED, Redactor } from './redactor.js';
export { MIN_SECRET_LENGTH, secretForms } from './forms.js';
export { environmentSecrets, looksSecret, parseNameList, type SecretValue } from './secret-sources.js';
export { writeRedactedFile } from './write-file.js';
export { redactStream } from './stream.js';
export { artifactText, redactArtifactsWith } from './artifacts.js';
