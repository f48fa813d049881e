import { loadManifestTexts, type Diagnostic, type LoadResult } from '../../src/manifests/index.js';

/** Two accounts every test document may reference. */
export const ACCOUNTS = `apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: eci}
spec: {accountId: "1000000000000001", regionId: cn-hangzhou}
---
apiVersion: eci-acr-reconciler/v1alpha1
kind: Account
metadata: {name: acr}
spec: {accountId: "1000000000000002", regionId: cn-hangzhou}
`;

/** Loads `text` as t.yaml next to the shared accounts (in accounts.yaml). */
export function load(text: string, withAccounts = true): LoadResult {
  const files = [{ file: 't.yaml', text }];
  if (withAccounts) files.unshift({ file: 'accounts.yaml', text: ACCOUNTS });
  return loadManifestTexts(files);
}

/** `line:col CODE` of every diagnostic. */
export const positions = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.line}:${d.column} ${d.code}`);
