// Docker image references taken apart (host, namespace, repository, tag or digest): shared by
// `doctor` and plan's missing-image check.
export interface ImageRef {
  image: string;
  host: string;
  namespace: string;
  repository: string;
  /** The tag, or the digest (`sha256:…`) of an `@` reference. */
  tag: string;
}

/** `[host/]path[:tag][@digest]`, Docker's grammar loosely: path segments non-empty, no whitespace. */
const REFERENCE = /^(?:(?<host>[^/\s]*[.:][^/\s]*|localhost)\/)?(?<path>[^:@\s]+?)(?::(?<tag>[^:@/\s]+))?(?:@(?<digest>[^@\s]+))?$/;

export function parseImage(image: string): ImageRef | undefined {
  const groups = REFERENCE.exec(image)?.groups;
  if (!groups?.path || groups.path.split('/').some((s) => s === '')) return undefined;
  const host = groups.host?.toLowerCase() ?? 'docker.io';
  // Docker Hub's official images live under library/: `nginx` is docker.io/library/nginx.
  const path = host === 'docker.io' && !groups.path.includes('/') ? `library/${groups.path}` : groups.path;
  const cut = path.indexOf('/');
  const tag = groups.digest ?? groups.tag ?? 'latest';
  return { image, host, namespace: cut < 0 ? '' : path.slice(0, cut), repository: cut < 0 ? path : path.slice(cut + 1), tag };
}
