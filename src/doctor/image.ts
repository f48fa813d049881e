// Image references and what their host says about the registry. Hosts follow Docker's rule (a
// first segment with a dot, a colon or `localhost` is a registry; otherwise Docker Hub). ACR's
// domains, as ECI's and ACR's guides write them:
//   Personal Edition   registry[-vpc].<region>.aliyuncs.com/<namespace>/<repository>
//   Enterprise default <instance-name>-registry[-vpc].<region>.cr.aliyuncs.com/<namespace>/<repository>
// Any other host is either an Enterprise instance's custom domain (only ACR itself can say which)
// or not ACR at all, and then password-free pulls do not apply ("非ACR镜像不支持免密").
import { classifyImage, type ImageRegistry } from '../manifests/images.js';

export type { ImageRegistry };

export interface ImageRef {
  image: string;
  host: string;
  namespace: string;
  repository: string;
  /** The tag, or the digest (`sha256:…`) of an `@` reference. */
  tag: string;
}

const NO_CUSTOM_DOMAINS = { has: () => false };

/** The host's shape from its name alone (src/manifests/images.ts knows ACR's domain forms). */
export const hostShape = (host: string): ImageRegistry => classifyImage(`${host}/x`, NO_CUSTOM_DOMAINS);

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
