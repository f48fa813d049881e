// Documents as RAM returns them. RAM stores a policy or trust document as sent but answers GetRole,
// GetPolicy, GetPolicyVersion and ListPolicyVersions with its own serialisation of it: keys sorted at
// every depth (`Action`, `Condition`, `Effect`, `Principal`; `Statement` before `Version`), 4-space
// indentation, and closing brackets on the line of the last member. The only public sample is the trust
// document in pulumi/pulumi-alicloud#1176; this reproduces it exactly. Returning documents this way makes
// every client compare documents semantically, as it must against the real service.

const STEP = 4;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function render(value: Json, indent: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const parts = value.map((element) => render(element, indent + STEP));
    return `[${parts.join(', ')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}: ${render(value[key] as Json, indent + STEP)}`);
  // One member stays on the bracket's line ({"Federated": [...]}); several start on the next line.
  if (members.length <= 1) return `{${members.join('')}}`;
  const pad = ' '.repeat(indent);
  return `{\n${members.map((m) => pad + m).join(',\n')}}`;
}

/** RAM's rendering of a stored document. Text that is not JSON (never stored: RAM validates) is returned as is. */
export function ramSerialised(text: string): string {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    return text;
  }
  return render(parsed, STEP);
}
