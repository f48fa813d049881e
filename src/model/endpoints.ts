// Which per-service endpoints an Account may name without opting in (finding G2). Pinning asks STS
// which account the credentials belong to; an STS endpoint that is not Alibaba's can answer with
// any account ID, so only Alibaba Cloud's documented endpoint families, over HTTPS, are accepted (Alibaba's endpoint pages for RAM, STS and ECI):
//   <service>.aliyuncs.com                  RAM, the global STS, ECI (DescribeRegions' example)
//   <service>.<region>.aliyuncs.com         regional STS and ECI
//   <service>-vpc.<region>.aliyuncs.com     VPC endpoints (sts-vpc, eci-vpc)
//   <service>-vpc.aliyuncs.com, ram.vpc-proxy.aliyuncs.com   VPC forms of the central hosts
// The region label must look like an Alibaba region (cn-, ap-, eu-, us-, me-, na-, sa-, rus-), so a
// name such as `sts.oss-cn-hangzhou.aliyuncs.com` (an OSS bucket anyone can create) is refused.

export type EndpointService = 'ram' | 'sts' | 'eci' | 'cr';

const REGION = '(?:cn|ap|eu|us|me|na|sa|rus)(?:-[a-z0-9]+){1,4}';

function hostPattern(service: EndpointService): RegExp {
  return new RegExp(`^(?:${service}(?:-vpc)?(?:\\.${REGION})?|${service}\\.vpc-proxy)\\.aliyuncs\\.com$`);
}

/** Why `raw` is not an Alibaba Cloud HTTPS endpoint of `service`, or undefined when it is one. */
export function alibabaEndpointProblem(service: EndpointService, raw: string): string | undefined {
  const text = raw.trim().toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(text)?.[1];
  const hostPort = (scheme ? text.slice(scheme.length + 3) : text).replace(/\/$/, '');
  const host = hostPort.replace(/:\d*$/, '');
  const port = hostPort.slice(host.length + 1);
  const problems = [
    scheme !== undefined && scheme !== 'https' ? `uses ${scheme}://, not HTTPS` : undefined,
    port !== '' && port !== '443' ? `uses port ${port}, not 443` : undefined,
    hostPattern(service).test(host)
      ? undefined
      : `"${host}" is not an Alibaba Cloud ${service.toUpperCase()} endpoint (${service}.aliyuncs.com, ${service}.<region>.aliyuncs.com or ${service}-vpc.<region>.aliyuncs.com)`,
  ].filter((p): p is string => p !== undefined);
  return problems.length > 0 ? problems.join('; ') : undefined;
}
