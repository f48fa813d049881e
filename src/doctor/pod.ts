// `--pod FILE`: the images of a Pod (or of a workload's pod template) and the AcrRegistryInfo its
// ACK annotations imply. ACK's guide to secret-free pulls on ECI names three annotations, read only
// at pod creation, on the pod template's metadata for workloads:
//   k8s.aliyun.com/acr-instance-ids  cri-…, or <region>:cri-… for an instance in another region
//   k8s.aliyun.com/acr-service-arns  the ArnService role(s)
//   k8s.aliyun.com/acr-user-arns     the ArnUser role(s)
// Values are comma-separated lists. Doctor's reading of how they combine: each instance ID becomes
// one entry carrying the ARNs of the same position (or the first ARNs); without instance IDs the
// ARNs form one entry, as the guide's cross-account example passes them.
import { isMap, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { RegistryInfo } from './types.js';

export interface PodInput {
  images: string[];
  entries: RegistryInfo[];
}

export interface PodProblem {
  line: number;
  col: number;
  code: 'POD_YAML_SYNTAX' | 'POD_NOT_A_WORKLOAD' | 'POD_NO_IMAGES' | 'POD_BAD_ANNOTATION';
  message: string;
}

export const ANNOTATIONS = { instances: 'k8s.aliyun.com/acr-instance-ids', services: 'k8s.aliyun.com/acr-service-arns', users: 'k8s.aliyun.com/acr-user-arns' } as const;

/** Kinds whose pod template is at spec.template (CronJob's one level deeper). */
const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

export function readPod(text: string): PodInput | PodProblem[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter });
  const at = (node: Node | null | undefined) => counter.linePos(node?.range?.[0] ?? 0);
  const problem = (node: Node | null | undefined, code: PodProblem['code'], message: string): PodProblem => ({ ...at(node), code, message });
  if (!Array.isArray(docs)) return [problem(undefined, 'POD_YAML_SYNTAX', 'not a YAML stream')];
  const syntax = docs.flatMap((d) => d.errors.map((e) => ({ ...counter.linePos(e.pos[0]), code: 'POD_YAML_SYNTAX' as const, message: e.message.split('\n')[0] ?? e.message })));
  if (syntax.length > 0) return syntax;
  const doc = docs.find((d) => podTemplatePath(d) !== undefined);
  if (!doc) return [problem(docs[0]?.contents, 'POD_NOT_A_WORKLOAD', 'no Pod, or workload with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), in this file')];
  const path = podTemplatePath(doc) ?? [];
  const template = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const js = (doc.toJS() as Record<string, unknown>) ?? {};
  const pod = (path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k as string], js) ?? {}) as { metadata?: { annotations?: Record<string, unknown> }; spec?: { containers?: { image?: unknown }[]; initContainers?: { image?: unknown }[] } };
  const images = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].flatMap((c) => (typeof c?.image === 'string' ? [c.image] : []));
  if (images.length === 0) return [problem(template as Node, 'POD_NO_IMAGES', 'the pod has no container with an image')];
  const annotations = pod.metadata?.annotations ?? {};
  const annotationNode = doc.getIn([...path, 'metadata', 'annotations'], true) as Node | undefined;
  const entries = entriesFrom(annotations);
  if (typeof entries === 'string') return [problem(annotationNode, 'POD_BAD_ANNOTATION', entries)];
  return { images, entries };
}

function podTemplatePath(doc: Document): (string | number)[] | undefined {
  const kind = doc.get('kind');
  if (!isMap(doc.contents)) return undefined;
  if (kind === 'Pod') return [];
  if (typeof kind === 'string' && TEMPLATE_KINDS.has(kind)) return ['spec', 'template'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template'];
  return undefined;
}

const listOf = (value: unknown): string[] | undefined =>
  value === undefined ? [] : typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : undefined;

/** The entries, or a message naming the annotation that is not a comma-separated string. */
export function entriesFrom(annotations: Record<string, unknown>): RegistryInfo[] | string {
  const instances = listOf(annotations[ANNOTATIONS.instances]);
  const services = listOf(annotations[ANNOTATIONS.services]);
  const users = listOf(annotations[ANNOTATIONS.users]);
  for (const [name, list] of [[ANNOTATIONS.instances, instances], [ANNOTATIONS.services, services], [ANNOTATIONS.users, users]] as const) {
    if (list === undefined) return `annotation ${name} must be a string (comma-separated values)`;
  }
  const arns = (i: number) => ({ ...arnAt(services ?? [], i, 'arnService'), ...arnAt(users ?? [], i, 'arnUser') });
  if ((instances ?? []).length > 0) {
    return (instances ?? []).map((text, i) => {
      const [region, id] = text.includes(':') ? text.split(':', 2) : [undefined, text];
      return { ...(id ? { instanceId: id } : {}), ...(region ? { regionId: region } : {}), domains: [], ...arns(i) };
    });
  }
  const pairs = Math.max((services ?? []).length, (users ?? []).length);
  return Array.from({ length: pairs }, (_, i) => ({ domains: [], ...arns(i) }));
}

function arnAt(list: string[], i: number, key: 'arnService' | 'arnUser'): Partial<RegistryInfo> {
  const arn = list[i] ?? list[0];
  return arn === undefined ? {} : { [key]: arn };
}
