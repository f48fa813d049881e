// The one public sample of a document as RAM returns it (a trust document from GetRole, quoted in
// pulumi/pulumi-alicloud#1176), written out by hand so neither the emulator nor the reconciler produces it.
export const RAM_RETURNED_TRUST = [
  '{',
  '    "Statement": [{',
  '            "Action": "sts:AssumeRole",',
  '            "Condition": {"StringEquals": {',
  '                    "oidc:aud": ["sts.aliyuncs.com"],',
  '                    "oidc:iss": ["xxx"],',
  '                    "oidc:sub": "yyy"}},',
  '            "Effect": "Allow",',
  '            "Principal": {"Federated": ["mmm"]}}],',
  '    "Version": "1"}',
].join('\n');
