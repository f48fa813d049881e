// Which registry an image reference points at. Host rules follow Docker's: a first segment with a
// dot, a colon or `localhost` is a registry host, otherwise the image is on Docker Hub. ACR hosts:
//   Personal:            registry[-vpc|-intl].<region>.aliyuncs.com
//   Enterprise default:  <instance-name>-registry[-vpc].<region>.cr.aliyuncs.com
// plus any custom domain the manifests declare for an Enterprise instance.

export type ImageRegistry =
  | { kind: 'acr-personal'; host: string; regionId: string }
  | { kind: 'acr-enterprise'; host: string; regionId: string; instanceName: string }
  | { kind: 'custom-domain'; host: string }
  | { kind: 'other'; host: string };

const PERSONAL_HOST = /^registry(?:-vpc|-intl)?\.([a-z0-9-]+)\.aliyuncs\.com$/;
const ENTERPRISE_HOST = /^(.+)-registry(?:-vpc)?\.([a-z0-9-]+)\.cr\.aliyuncs\.com$/;

export function imageHost(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : 'docker.io';
}

export function classifyImage(image: string, customDomains: { has(host: string): boolean }): ImageRegistry {
  const host = imageHost(image);
  if (customDomains.has(host)) return { kind: 'custom-domain', host };
  const personal = PERSONAL_HOST.exec(host);
  if (personal) return { kind: 'acr-personal', host, regionId: personal[1] as string };
  const enterprise = ENTERPRISE_HOST.exec(host);
  if (enterprise) return { kind: 'acr-enterprise', host, instanceName: enterprise[1] as string, regionId: enterprise[2] as string };
  return { kind: 'other', host };
}
