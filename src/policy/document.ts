// The RAM policy language as data. Shared by the manifests (grammar checks and lints),
// the diff (semantic comparison) and the emulator (authorisation).

export type StringOrList = string | string[];

export type ConditionValue = StringOrList | boolean | number | (string | boolean | number)[];

/** `{ "<Operator>": { "<key>": value } }` */
export type ConditionBlock = Record<string, Record<string, ConditionValue>>;

export interface PrincipalBlock {
  RAM?: StringOrList;
  Service?: StringOrList;
  Federated?: StringOrList;
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: StringOrList;
  NotAction?: StringOrList;
  Resource?: StringOrList;
  /** Present only in trust policies (`AssumeRolePolicyDocument`). */
  Principal?: PrincipalBlock | '*';
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export const ECI_SERVICE_PRINCIPAL = 'eci.aliyuncs.com';
