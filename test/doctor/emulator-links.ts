// The link an emulator refusal names, read from the cache's Warning event (`Failed to pull image
// "<image>": <message>`), whose wording src/emulator/README.md ("Pull model") documents. Test-only:
// doctor never reads the emulator's vocabulary.
import type { ChainCase } from './chain-cases.js';

const PATTERNS: [RegExp, string][] = [
  [/is not a valid image reference/, 'image-reference'],
  [/: no ACR (Personal|Enterprise)/, 'registry'],
  [/is a custom domain of/, 'instance-id'],
  [/AcrRegistryInfo needs RegionId/, 'region'],
  [/belongs to another account/, 'acr-registry-info'],
  [/^ArnService .* is not a role of account/, 'arn-service'],
  [/has ArnUser .* but no ArnService/, 'arn-service'],
  [/does not trust service/, 'service-trust'],
  [/is not allowed sts:AssumeRole/, 'assume-permission'],
  [/^ArnUser .* is not a role of account/, 'arn-user'],
  [/^role \S+ does not trust acs:/, 'role-trust'],
  [/is not allowed cr:/, 'pull-permission'],
  [/^repository .* does not exist/, 'repository'],
  [/^tag .* does not exist/, 'tag'],
  [/not an ACR image and not a seeded public image/, 'public-image'],
  [/needs internet access/, 'network'],
];

export function emulatorLink(event: string, c: ChainCase): string {
  const message = event.replace(/^Failed to pull image "[^"]*": /, '');
  const missingRole = /^role (\S+) does not exist$/.exec(message);
  if (missingRole) {
    const entry = c.entries.find((e) => e.arnService === missingRole[1] || e.arnUser === missingRole[1]);
    return entry?.arnService === missingRole[1] ? 'arn-service' : 'arn-user';
  }
  return PATTERNS.find(([re]) => re.test(message))?.[1] ?? `unknown: ${message}`;
}
