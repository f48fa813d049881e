// Image references and what their host says about the registry. Hosts follow Docker's rule (a
// first segment with a dot, a colon or `localhost` is a registry; otherwise Docker Hub). ACR's
// domains, as ECI's and ACR's guides write them:
//   Personal Edition   registry[-vpc].<region>.aliyuncs.com/<namespace>/<repository>
//   Enterprise default <instance-name>-registry[-vpc].<region>.cr.aliyuncs.com/<namespace>/<repository>
// Any other host is either an Enterprise instance's custom domain (only ACR itself can say which)
// or not ACR at all, and then password-free pulls do not apply ("非ACR镜像不支持免密").
import { classifyImage, type ImageRegistry } from '../model/image-registry.js';
import type { ImageRef } from '../model/image-ref.js';

export { parseImage } from '../model/image-ref.js';
export type { ImageRef, ImageRegistry };

const NO_CUSTOM_DOMAINS = { has: () => false };

/** The host's shape from its name alone (src/model/image-registry.ts knows ACR's domain forms). */
export const hostShape = (host: string): ImageRegistry => classifyImage(`${host}/x`, NO_CUSTOM_DOMAINS);
