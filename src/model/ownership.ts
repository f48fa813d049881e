// Tags that mark what the reconciler created. A resource without MANAGED_BY_TAG=MANAGED_BY_VALUE
// is never modified or deleted unless its manifest says `adopt: true`.
export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'eci-acr-reconciler';
/** `<Kind>/<metadata.name>` of the manifest that owns the resource. */
export const MANIFEST_TAG = 'eci-acr-reconciler.manifest';
/** Image caches only: hash of the AcrRegistryInfo sent at creation, which the API never returns. */
export const FINGERPRINT_TAG = 'eci-acr-reconciler.fingerprint';
/**
 * The manifest set (Account `ownerId`) that owns the resource. A resource with managed-by but without
 * this tag predates ownership scopes: the first set that declares it claims it; none prunes it before.
 */
export const OWNER_TAG = 'eci-acr-reconciler.owner';
